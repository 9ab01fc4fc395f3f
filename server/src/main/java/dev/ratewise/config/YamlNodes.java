package dev.ratewise.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads from a SnakeYAML node tree, each failure naming the file, line and key path. The
 * scalar rules follow YAML 1.1 as go-yaml v2 applies them, so files written for the reference
 * service read the same way.
 */
final class YamlNodes {
  private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on", "y");
  private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off", "n");
  private static final BigInteger MAX_UINT32 = BigInteger.valueOf(4_294_967_295L);
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private final String file;

  YamlNodes(String file) {
    this.file = file;
  }

  SourceLocation at(Node node) {
    return new SourceLocation(file, node.getStartMark().getLine() + 1);
  }

  ConfigException error(Node node, String path, String message) {
    return ConfigException.at(at(node), path, message);
  }

  /** Returns a mapping's entries by key, rejecting non-string and repeated keys. */
  Map<String, Node> mapping(Node node, String path) throws ConfigException {
    if (!(node instanceof MappingNode mappingNode)) {
      throw error(node, path, "expected a mapping, found " + describe(node));
    }
    Map<String, Node> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw error(tuple.getKeyNode(), path, "a mapping key must be a string");
      }
      String key = keyNode.getValue();
      if (entries.put(key, tuple.getValueNode()) != null) {
        throw error(keyNode, join(path, key), "key '" + key + "' is repeated in one mapping");
      }
    }
    return entries;
  }

  /** Returns a sequence's items; a missing or null value is an empty list. */
  List<Node> sequence(Node node, String path) throws ConfigException {
    if (node == null || isNull(node)) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequenceNode)) {
      throw error(node, path, "expected a list, found " + describe(node));
    }
    return sequenceNode.getValue();
  }

  /** Returns a scalar's text; a missing or null value is the empty string. */
  String string(Node node, String path) throws ConfigException {
    if (node == null || isNull(node)) {
      return "";
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw error(node, path, "expected a string, found " + describe(node));
    }
    return scalar.getValue();
  }

  boolean bool(Node node, String path) throws ConfigException {
    String text = string(node, path).toLowerCase(Locale.ROOT);
    if (text.isEmpty() || FALSE_WORDS.contains(text)) {
      return false;
    }
    if (TRUE_WORDS.contains(text)) {
      return true;
    }
    throw error(node, path, "invalid boolean '" + text + "': use true or false");
  }

  /** Reads a uint32 the way the reference service does: decimal, 0x hex or 0o octal. */
  long uint32(Node node, String path) throws ConfigException {
    String text = string(node, path).replace("_", "");
    if (text.isEmpty()) {
      return 0;
    }
    BigInteger value;
    try {
      value = parseInteger(text);
    } catch (NumberFormatException e) {
      throw error(node, path, "invalid integer '" + text + "'");
    }
    if (value.signum() < 0 || value.compareTo(MAX_UINT32) > 0) {
      throw error(node, path, "value " + text + " is out of range 0 to 4294967295");
    }
    return value.longValue();
  }

  double number(Node node, String path) throws ConfigException {
    String text = string(node, path);
    try {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new NumberFormatException(text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw error(node, path, "invalid number '" + text + "'");
    }
  }

  /** Reads a duration such as "250ms", "10s", "1.5m" or "1h". */
  Duration duration(Node node, String path) throws ConfigException {
    String text = string(node, path).trim();
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      throw error(node, path, "invalid duration '" + text + "': use a number with ms, s, m or h");
    }
    double amount = Double.parseDouble(matcher.group(1));
    double millis =
        switch (matcher.group(2)) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    return Duration.ofMillis(Math.round(millis));
  }

  static boolean isNull(Node node) {
    return node.getTag().equals(Tag.NULL);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static BigInteger parseInteger(String text) {
    boolean negative = text.startsWith("-");
    String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
    BigInteger value;
    if (digits.startsWith("0x")) {
      value = new BigInteger(digits.substring(2), 16);
    } else if (digits.startsWith("0o")) {
      value = new BigInteger(digits.substring(2), 8);
    } else {
      value = new BigInteger(digits);
    }
    return negative ? value.negate() : value;
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }
}
