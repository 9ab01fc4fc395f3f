package dev.ratewise.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the ratewise sections of a config file: {@code tiers}, {@code tenants}, {@code identity} and {@code tuning}. */
final class ExtensionsReader {
  private static final Set<String> TEMPLATE_KEYS = Set.of("tier", "tenant", "remote_address");

  private final YamlNodes yaml;

  ExtensionsReader(YamlNodes yaml) {
    this.yaml = yaml;
  }

  List<String> readTiers(Node node) throws ConfigException {
    List<String> tiers = new ArrayList<>();
    List<Node> items = yaml.sequence(node, "tiers");
    for (int i = 0; i < items.size(); i++) {
      String path = "tiers[" + i + "]";
      Map<String, Node> fields = yaml.mapping(items.get(i), path);
      requireOnly(fields, Set.of("name"), path);
      String name = yaml.string(fields.get("name"), path + ".name");
      if (name.isEmpty()) {
        throw yaml.error(items.get(i), path + ".name", "tier name is missing");
      }
      if (tiers.contains(name)) {
        throw yaml.error(items.get(i), path + ".name", "tier '" + name + "' is listed twice");
      }
      tiers.add(name);
    }
    return tiers;
  }

  List<LocatedTenant> readTenants(Node node) throws ConfigException {
    List<LocatedTenant> tenants = new ArrayList<>();
    List<Node> items = yaml.sequence(node, "tenants");
    for (int i = 0; i < items.size(); i++) {
      String path = "tenants[" + i + "]";
      Map<String, Node> fields = yaml.mapping(items.get(i), path);
      requireOnly(fields, Set.of("api_key", "tenant", "tier"), path);
      String apiKey = yaml.string(fields.get("api_key"), path + ".api_key");
      String tenant = yaml.string(fields.get("tenant"), path + ".tenant");
      String tier = yaml.string(fields.get("tier"), path + ".tier");
      if (apiKey.isEmpty() || tenant.isEmpty() || tier.isEmpty()) {
        throw yaml.error(items.get(i), path, "api_key, tenant and tier are all required");
      }
      if (apiKey.contains(",")) {
        throw yaml.error(items.get(i), path + ".api_key",
            "api_key must not contain a comma, because Envoy joins repeated headers with commas");
      }
      tenants.add(new LocatedTenant(new TenantSpec(apiKey, tenant, tier), yaml.at(items.get(i)),
          path));
    }
    return tenants;
  }

  IdentitySpec readIdentity(Node node) throws ConfigException {
    IdentitySpec defaults = IdentitySpec.defaults();
    Map<String, Node> fields = yaml.mapping(node, "identity");
    requireOnly(fields,
        Set.of("domain", "header", "context_extension", "anonymous", "descriptors", "redis_hash"),
        "identity");

    String header = textOr(fields, "header", defaults.header()).toLowerCase(Locale.ROOT);
    String policyText = textOr(fields, "anonymous", "anonymous");
    IdentitySpec.AnonymousPolicy policy =
        switch (policyText.toLowerCase(Locale.ROOT)) {
          case "anonymous" -> IdentitySpec.AnonymousPolicy.ANONYMOUS;
          case "reject" -> IdentitySpec.AnonymousPolicy.REJECT;
          default -> throw yaml.error(fields.get("anonymous"), "identity.anonymous",
              "invalid policy '" + policyText + "': use anonymous or reject");
        };
    List<List<String>> template =
        fields.containsKey("descriptors")
            ? readTemplate(fields.get("descriptors"))
            : defaults.descriptors();
    return new IdentitySpec(
        textOr(fields, "domain", ""),
        header,
        textOr(fields, "context_extension", ""),
        policy,
        template,
        textOr(fields, "redis_hash", defaults.redisHash()));
  }

  TuningSpec readTuning(Node node) throws ConfigException {
    TuningSpec defaults = TuningSpec.defaults();
    Map<String, Node> fields = yaml.mapping(node, "tuning");
    requireOnly(fields,
        Set.of("capacity_rps", "interval", "horizon", "min_confidence", "approval_factor",
            "max_step", "context"),
        "tuning");

    double capacity = numberOr(fields, "capacity_rps", defaults.capacityRps());
    Duration interval = durationOr(fields, "interval", defaults.interval());
    Duration horizon = durationOr(fields, "horizon", defaults.horizon());
    double minConfidence = numberOr(fields, "min_confidence", defaults.minConfidence());
    double approvalFactor = numberOr(fields, "approval_factor", defaults.approvalFactor());
    double maxStep = numberOr(fields, "max_step", defaults.maxStep());
    check(capacity >= 0, fields, "capacity_rps", "must not be negative");
    check(!interval.isZero() && !interval.isNegative(), fields, "interval", "must be positive");
    check(!horizon.isZero() && !horizon.isNegative(), fields, "horizon", "must be positive");
    check(minConfidence >= 0 && minConfidence <= 1, fields, "min_confidence",
        "must be between 0 and 1");
    check(approvalFactor > 1, fields, "approval_factor", "must be greater than 1");
    check(maxStep > 1, fields, "max_step", "must be greater than 1");
    return new TuningSpec(capacity, interval, horizon, minConfidence, approvalFactor, maxStep,
        textOr(fields, "context", ""));
  }

  private List<List<String>> readTemplate(Node node) throws ConfigException {
    List<List<String>> template = new ArrayList<>();
    List<Node> items = yaml.sequence(node, "identity.descriptors");
    for (int i = 0; i < items.size(); i++) {
      String path = "identity.descriptors[" + i + "]";
      List<String> keys = new ArrayList<>();
      for (Node keyNode : yaml.sequence(items.get(i), path)) {
        String key = yaml.string(keyNode, path);
        if (!TEMPLATE_KEYS.contains(key)) {
          throw yaml.error(keyNode, path,
              "unknown descriptor entry '" + key + "': use tier, tenant or remote_address");
        }
        keys.add(key);
      }
      if (keys.isEmpty()) {
        throw yaml.error(items.get(i), path, "a descriptor needs at least one entry");
      }
      template.add(keys);
    }
    return template;
  }

  private void requireOnly(Map<String, Node> fields, Set<String> allowed, String path)
      throws ConfigException {
    for (Map.Entry<String, Node> field : fields.entrySet()) {
      if (!allowed.contains(field.getKey())) {
        throw yaml.error(field.getValue(), YamlNodes.join(path, field.getKey()),
            "unknown key '" + field.getKey() + "': expected one of " + allowed);
      }
    }
  }

  private void check(boolean valid, Map<String, Node> fields, String key, String message)
      throws ConfigException {
    if (!valid) {
      throw yaml.error(fields.get(key), "tuning." + key, key + " " + message);
    }
  }

  private String textOr(Map<String, Node> fields, String key, String fallback)
      throws ConfigException {
    return fields.containsKey(key) ? yaml.string(fields.get(key), key) : fallback;
  }

  private double numberOr(Map<String, Node> fields, String key, double fallback)
      throws ConfigException {
    return fields.containsKey(key) ? yaml.number(fields.get(key), "tuning." + key) : fallback;
  }

  private Duration durationOr(Map<String, Node> fields, String key, Duration fallback)
      throws ConfigException {
    return fields.containsKey(key) ? yaml.duration(fields.get(key), "tuning." + key) : fallback;
  }

  /** A tenant with the place it was defined, to report repeated API keys across files. */
  record LocatedTenant(TenantSpec spec, SourceLocation location, String path) {}
}
