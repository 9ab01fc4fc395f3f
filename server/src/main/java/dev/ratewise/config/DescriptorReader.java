package dev.ratewise.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a domain's {@code descriptors} tree with the checks of envoyproxy/ratelimit, plus the
 * {@code adaptive} block. The reference service accepts any of its known keys at any depth and
 * ignores those that do not belong there, so ratewise warns about them instead of failing.
 */
final class DescriptorReader {
  private static final Logger log = LoggerFactory.getLogger(DescriptorReader.class);

  /** Every key the reference service accepts anywhere in a file. */
  static final Set<String> REFERENCE_KEYS =
      Set.of(
          "domain", "key", "value", "descriptors", "rate_limit", "unit", "requests_per_unit",
          "unlimited", "shadow_mode", "name", "replaces", "detailed_metric");

  /**
   * Keys of newer reference releases that ratewise reads but does not implement. A file that uses
   * them still loads; each use is logged, because the behaviour differs from the reference.
   */
  static final Set<String> UNIMPLEMENTED_REFERENCE_KEYS =
      Set.of("quota_mode", "share_threshold", "value_to_metric");

  private static final Set<String> DESCRIPTOR_KEYS =
      Set.of("key", "value", "rate_limit", "descriptors", "shadow_mode", "detailed_metric",
          "adaptive");
  private static final Set<String> RATE_LIMIT_KEYS =
      Set.of("unit", "requests_per_unit", "unlimited", "name", "replaces");
  private static final Set<String> ADAPTIVE_KEYS = Set.of("min", "max", "revenue_per_request");

  private final YamlNodes yaml;

  DescriptorReader(YamlNodes yaml) {
    this.yaml = yaml;
  }

  List<DescriptorRule> readLevel(Node node, String yamlPath, String rulePath)
      throws ConfigException {
    List<DescriptorRule> rules = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<Node> items = yaml.sequence(node, yamlPath);
    for (int i = 0; i < items.size(); i++) {
      String itemPath = yamlPath + "[" + i + "]";
      DescriptorRule rule = readDescriptor(items.get(i), itemPath, rulePath);
      String identity = rule.key() + (rule.value() == null ? "" : "\u0000" + rule.value());
      if (!seen.add(identity)) {
        throw yaml.error(items.get(i), itemPath,
            "duplicate descriptor composite key '" + rule.path() + "'");
      }
      rules.add(rule);
    }
    return rules;
  }

  private DescriptorRule readDescriptor(Node node, String path, String parentRulePath)
      throws ConfigException {
    Map<String, Node> fields = yaml.mapping(node, path);
    checkKeys(fields, DESCRIPTOR_KEYS, path);

    String key = yaml.string(fields.get("key"), path + ".key");
    if (key.isEmpty()) {
      throw yaml.error(node, path, "descriptor has empty key");
    }
    String value = yaml.string(fields.get("value"), path + ".value");
    String rulePath = parentRulePath + "." + (value.isEmpty() ? key : key + "_" + value);

    RateLimitSpec rateLimit = null;
    if (fields.containsKey("rate_limit") && !YamlNodes.isNull(fields.get("rate_limit"))) {
      rateLimit = readRateLimit(fields.get("rate_limit"), path + ".rate_limit");
    }
    AdaptiveSpec adaptive = null;
    if (fields.containsKey("adaptive") && !YamlNodes.isNull(fields.get("adaptive"))) {
      adaptive = readAdaptive(fields.get("adaptive"), path + ".adaptive", rateLimit);
    }
    List<DescriptorRule> children =
        readLevel(fields.get("descriptors"), path + ".descriptors", rulePath);

    return new DescriptorRule(
        key,
        value.isEmpty() ? null : value,
        rateLimit,
        yaml.bool(fields.get("shadow_mode"), path + ".shadow_mode"),
        yaml.bool(fields.get("detailed_metric"), path + ".detailed_metric"),
        adaptive,
        children,
        rulePath,
        yaml.at(node));
  }

  private RateLimitSpec readRateLimit(Node node, String path) throws ConfigException {
    Map<String, Node> fields = yaml.mapping(node, path);
    checkKeys(fields, RATE_LIMIT_KEYS, path);

    boolean unlimited = yaml.bool(fields.get("unlimited"), path + ".unlimited");
    String unitText = yaml.string(fields.get("unit"), path + ".unit");
    Unit unit = Unit.parse(unitText).orElse(null);
    if (unlimited && unit != null) {
      throw yaml.error(node, path, "should not specify rate limit unit when unlimited");
    }
    if (!unlimited && unit == null) {
      throw yaml.error(fields.getOrDefault("unit", node), path + ".unit",
          "invalid rate limit unit '" + unitText
              + "': use second, minute, hour, day, week, month or year");
    }
    long requests = yaml.uint32(fields.get("requests_per_unit"), path + ".requests_per_unit");
    String name = yaml.string(fields.get("name"), path + ".name");
    List<String> replaces = readReplaces(fields.get("replaces"), path + ".replaces", name);
    return new RateLimitSpec(requests, unit, unlimited, name, replaces);
  }

  private List<String> readReplaces(Node node, String path, String ownName)
      throws ConfigException {
    List<String> names = new ArrayList<>();
    List<Node> items = yaml.sequence(node, path);
    for (int i = 0; i < items.size(); i++) {
      String itemPath = path + "[" + i + "]";
      Map<String, Node> fields = yaml.mapping(items.get(i), itemPath);
      checkKeys(fields, Set.of("name"), itemPath);
      String name = yaml.string(fields.get("name"), itemPath + ".name");
      if (name.isEmpty()) {
        throw yaml.error(items.get(i), itemPath, "should not have an empty replaces entry");
      }
      if (name.equals(ownName)) {
        throw yaml.error(items.get(i), itemPath,
            "replaces should not contain name of same descriptor");
      }
      names.add(name);
    }
    return names;
  }

  private AdaptiveSpec readAdaptive(Node node, String path, RateLimitSpec rateLimit)
      throws ConfigException {
    Map<String, Node> fields = yaml.mapping(node, path);
    for (String key : fields.keySet()) {
      if (!ADAPTIVE_KEYS.contains(key)) {
        throw yaml.error(fields.get(key), YamlNodes.join(path, key),
            "unknown key '" + key + "': expected min, max or revenue_per_request");
      }
    }
    if (rateLimit == null || rateLimit.unlimited()) {
      throw yaml.error(node, path, "adaptive needs a rate_limit with a unit on the same descriptor");
    }
    long min = yaml.uint32(fields.get("min"), path + ".min");
    long max =
        fields.containsKey("max")
            ? yaml.uint32(fields.get("max"), path + ".max")
            : rateLimit.requestsPerUnit();
    double revenue =
        fields.containsKey("revenue_per_request")
            ? yaml.number(fields.get("revenue_per_request"), path + ".revenue_per_request")
            : 0;
    if (max < min) {
      throw yaml.error(node, path, "max " + max + " is below min " + min);
    }
    long baseline = rateLimit.requestsPerUnit();
    if (baseline < min || baseline > max) {
      throw yaml.error(node, path, "requests_per_unit " + baseline + " is outside [min " + min
          + ", max " + max + "]");
    }
    if (revenue < 0) {
      throw yaml.error(fields.get("revenue_per_request"), path + ".revenue_per_request",
          "revenue_per_request must not be negative");
    }
    return new AdaptiveSpec(min, max, revenue);
  }

  /** Fails on unknown keys; warns about reference keys that the reference service would ignore. */
  void checkKeys(Map<String, Node> fields, Set<String> allowed, String path)
      throws ConfigException {
    for (Map.Entry<String, Node> field : fields.entrySet()) {
      String key = field.getKey();
      if (allowed.contains(key)) {
        continue;
      }
      String keyPath = YamlNodes.join(path, key);
      if (UNIMPLEMENTED_REFERENCE_KEYS.contains(key)) {
        log.warn("{}: {}: key '{}' is not implemented by ratewise and is ignored",
            yaml.at(field.getValue()), keyPath, key);
        continue;
      }
      if (REFERENCE_KEYS.contains(key)) {
        log.warn("{}: {}: key '{}' has no meaning here and is ignored",
            yaml.at(field.getValue()), keyPath, key);
        continue;
      }
      throw yaml.error(field.getValue(), keyPath, "unknown key '" + key + "'");
    }
  }
}
