package dev.ratewise.metrics;

import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The counters of one rule label, created once so that the request path only looks them up.
 * Revenue counters are shared by every rule of a tier, because Micrometer returns the existing
 * counter for a name and tags that are already registered.
 */
final class RuleMeters {
  private final Counter[] decisions = new Counter[Outcome.values().length];
  private final Counter hits;
  private final Counter revenueServed;
  private final Counter revenueDenied;
  private final double revenuePerRequest;

  RuleMeters(MeterRegistry registry, String domain, String ruleLabel, Rule rule) {
    for (Outcome outcome : Outcome.values()) {
      decisions[outcome.ordinal()] = Counter.builder(MeterNames.DECISIONS)
          .description("Limited descriptors decided, by rule and outcome")
          .tag("domain", domain)
          .tag("rule", ruleLabel)
          .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    hits = Counter.builder(MeterNames.HITS)
        .description("Hits counted against each rule, after hits_addend")
        .tag("domain", domain)
        .tag("rule", ruleLabel)
        .register(registry);
    revenuePerRequest = rule.adaptive() == null ? 0 : rule.adaptive().revenuePerRequest();
    if (revenuePerRequest > 0) {
      String tier = Tiers.of(rule.id());
      revenueServed = Counter.builder(MeterNames.REVENUE_SERVED)
          .description("Revenue of allowed requests: hits times the rule's revenue_per_request")
          .tag("tier", tier)
          .register(registry);
      revenueDenied = Counter.builder(MeterNames.REVENUE_DENIED)
          .description("Revenue of denied requests: hits times the rule's revenue_per_request")
          .tag("tier", tier)
          .register(registry);
    } else {
      revenueServed = null;
      revenueDenied = null;
    }
  }

  void record(Outcome outcome, long hitCount, boolean allowed) {
    decisions[outcome.ordinal()].increment();
    hits.increment(hitCount);
    if (revenueServed != null) {
      (allowed ? revenueServed : revenueDenied).increment(hitCount * revenuePerRequest);
    }
  }
}
