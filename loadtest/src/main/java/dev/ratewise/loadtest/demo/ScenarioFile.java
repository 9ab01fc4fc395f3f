package dev.ratewise.loadtest.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ratewise.loadtest.demo.DemoScenario.Backend;
import dev.ratewise.loadtest.demo.DemoScenario.Phase;
import dev.ratewise.loadtest.demo.DemoScenario.Ramp;
import dev.ratewise.loadtest.demo.DemoScenario.Tenant;
import dev.ratewise.loadtest.demo.DemoScenario.TierRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link DemoScenario} from YAML. Every key is required unless its default is named
 * here, and every error names the file and the key path, such as {@code phases[2].seconds}.
 */
public final class ScenarioFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

  private final String file;

  private ScenarioFile(String file) {
    this.file = file;
  }

  /** Reads and checks a scenario file. */
  public static DemoScenario load(Path path) throws IOException {
    return parse(path.toString(), Files.readString(path));
  }

  /**
   * Parses scenario YAML.
   *
   * @param file the name used in error messages
   * @throws IllegalArgumentException naming the file and key of the first invalid value
   */
  public static DemoScenario parse(String file, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": invalid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": the scenario must be a YAML mapping");
    }
    return new ScenarioFile(file).scenario(root);
  }

  private DemoScenario scenario(JsonNode root) {
    List<TierRule> tiers = tiers(required(root, "tiers"));
    Set<String> tierNames = tiers.stream().map(TierRule::name)
        .collect(java.util.stream.Collectors.toSet());
    List<Tenant> tenants = tenants(required(root, "tenants"), tierNames);
    List<Phase> phases = phases(required(root, "phases"), tierNames);
    JsonNode forecast = required(root, "forecast");
    DemoScenario scenario = new DemoScenario(
        text(root, "name"),
        tenants,
        tiers,
        phases,
        backend(required(root, "backend")),
        duration(root, "tuning_interval", "tuning_interval"),
        duration(root, "check_timeout", "check_timeout"),
        duration(root, "sample_interval", "sample_interval"),
        fraction(forecast, "alarm_probability", "forecast.alarm_probability"),
        positive(forecast, "surge_onset_factor", "forecast.surge_onset_factor"),
        duration(forecast, "early_warning_window", "forecast.early_warning_window"));
    if (phases.stream().noneMatch(Phase::surge)) {
      throw invalid("phases", "no phase has surge: true, so the report has no surge to measure");
    }
    return scenario;
  }

  private List<TierRule> tiers(JsonNode node) {
    List<TierRule> tiers = new ArrayList<>();
    for (int i = 0; i < list(node, "tiers").size(); i++) {
      JsonNode tier = node.get(i);
      String path = "tiers[" + i + "]";
      tiers.add(new TierRule(text(tier, "name", path + ".name"),
          optionalText(tier, "rule")));
    }
    return tiers;
  }

  private List<Tenant> tenants(JsonNode node, Set<String> tierNames) {
    List<Tenant> tenants = new ArrayList<>();
    for (int i = 0; i < list(node, "tenants").size(); i++) {
      JsonNode tenant = node.get(i);
      String path = "tenants[" + i + "]";
      String tier = text(tenant, "tier", path + ".tier");
      if (!tierNames.contains(tier)) {
        throw invalid(path + ".tier", "unknown tier '" + tier + "': list it under tiers");
      }
      tenants.add(new Tenant(text(tenant, "name", path + ".name"), tier,
          optionalText(tenant, "api_key"), text(tenant, "address", path + ".address")));
    }
    return tenants;
  }

  private List<Phase> phases(JsonNode node, Set<String> tierNames) {
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < list(node, "phases").size(); i++) {
      JsonNode phase = node.get(i);
      String path = "phases[" + i + "]";
      phases.add(new Phase(
          text(phase, "name", path + ".name"),
          duration(phase, "length", path + ".length"),
          demand(phase.get("demand"), path + ".demand", tierNames),
          flag(phase, "init", path + ".init"),
          flag(phase, "approve_pending", path + ".approve_pending"),
          flag(phase, "surge", path + ".surge")));
    }
    return phases;
  }

  private Map<String, Ramp> demand(JsonNode node, String path, Set<String> tierNames) {
    Map<String, Ramp> demand = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return demand;
    }
    if (!node.isObject()) {
      throw invalid(path, "expected a mapping of tier to [from, to] requests per second");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = path + "." + field.getKey();
      if (!tierNames.contains(field.getKey())) {
        throw invalid(key, "unknown tier '" + field.getKey() + "': list it under tiers");
      }
      JsonNode ramp = field.getValue();
      if (!ramp.isArray() || ramp.size() != 2 || !ramp.get(0).isNumber()
          || !ramp.get(1).isNumber() || ramp.get(0).asDouble() < 0
          || ramp.get(1).asDouble() < 0) {
        throw invalid(key, "expected [from, to], two rates of at least 0 requests per second");
      }
      demand.put(field.getKey(), new Ramp(ramp.get(0).asDouble(), ramp.get(1).asDouble()));
    }
    return demand;
  }

  private Backend backend(JsonNode node) {
    double capacity = node.path("capacity_rps").asDouble(0);
    if (capacity < 0) {
      throw invalid("backend.capacity_rps", "must be 0 (take the config's) or more");
    }
    return new Backend(capacity, duration(node, "latency", "backend.latency"),
        duration(node, "overload_latency", "backend.overload_latency"));
  }

  private JsonNode required(JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw invalid(key, "missing");
    }
    return value;
  }

  private JsonNode list(JsonNode node, String path) {
    if (!node.isArray() || node.isEmpty()) {
      throw invalid(path, "expected a non-empty list");
    }
    return node;
  }

  private String text(JsonNode node, String key) {
    return text(node, key, key);
  }

  private String text(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw invalid(path, "missing or empty");
    }
    return value.asText();
  }

  private static String optionalText(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? "" : value.asText();
  }

  private boolean flag(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw invalid(path, "expected true or false, got '" + value.asText() + "'");
    }
    return value.asBoolean();
  }

  private double fraction(JsonNode node, String key, String path) {
    double value = positive(node, key, path);
    if (value > 1) {
      throw invalid(path, "expected a probability in (0, 1], got " + value);
    }
    return value;
  }

  private double positive(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    if (value == null || !value.isNumber() || value.asDouble() <= 0) {
      throw invalid(path, "expected a number above 0");
    }
    return value.asDouble();
  }

  private Duration duration(JsonNode node, String key, String path) {
    JsonNode value = node.get(key);
    String text = value == null ? "" : value.asText();
    Matcher matcher = DURATION.matcher(text);
    if (!matcher.matches()) {
      throw invalid(path, "expected a duration such as 250ms, 2s or 1m, got '" + text + "'");
    }
    double amount = Double.parseDouble(matcher.group(1));
    double millis = switch (matcher.group(2)) {
      case "ms" -> amount;
      case "s" -> amount * 1_000;
      default -> amount * 60_000;
    };
    if (millis <= 0 && !path.endsWith("latency")) {
      throw invalid(path, "must be longer than 0");
    }
    return Duration.ofMillis(Math.round(millis));
  }

  private IllegalArgumentException invalid(String path, String message) {
    return new IllegalArgumentException(file + ": " + path + ": " + message);
  }
}
