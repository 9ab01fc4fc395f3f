package dev.ratewise.loadtest.demo;

import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.DescriptorRule;
import dev.ratewise.config.DomainConfig;
import dev.ratewise.config.RatewiseConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures the report takes from the ratewise config: each named rule's
 * {@code adaptive.revenue_per_request} in dollars and the backend's {@code tuning.capacity_rps}.
 *
 * @param revenueByRule dollars per allowed request, by rule name; rules without an
 *     {@code adaptive} block are absent and earn nothing
 * @param capacityRps the config's backend capacity in requests per second; 0 when unset
 */
record BusinessTerms(Map<String, Double> revenueByRule, double capacityRps) {

  BusinessTerms {
    revenueByRule = Map.copyOf(revenueByRule);
  }

  /** Loads the terms from a config file or folder, or from the bundled example when null. */
  static BusinessTerms load(Path config) throws ConfigException {
    RatewiseConfig loaded = config == null
        ? ConfigLoader.loadBundledExample()
        : ConfigLoader.load(config);
    Map<String, Double> revenue = new HashMap<>();
    for (DomainConfig domain : loaded.domains().values()) {
      collect(domain.descriptors(), revenue);
    }
    return new BusinessTerms(revenue, loaded.tuning().capacityRps());
  }

  /** Returns the dollars an allowed request under the rule earns; 0 for an unknown rule. */
  double revenuePerRequest(String rule) {
    return revenueByRule.getOrDefault(rule, 0.0);
  }

  private static void collect(List<DescriptorRule> rules, Map<String, Double> revenue) {
    for (DescriptorRule rule : rules) {
      if (rule.rateLimit() != null && rule.adaptive() != null
          && !rule.rateLimit().name().isEmpty()) {
        revenue.put(rule.rateLimit().name(), rule.adaptive().revenuePerRequest());
      }
      collect(rule.descriptors(), revenue);
    }
  }
}
