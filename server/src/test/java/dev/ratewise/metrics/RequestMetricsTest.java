package dev.ratewise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.config.AdaptiveSpec;
import dev.ratewise.config.Unit;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks the series caps and label choices of the request and tuning metrics. */
class RequestMetricsTest {
  private static Rule rule(String id, boolean detailed) {
    return new Rule(id, "", 10, 10, Unit.SECOND, false, false, detailed, List.of(),
        new AdaptiveSpec(5, 50, 0.5), false);
  }

  @Test
  void detailedRule_capsSeriesAndCountsOverflow() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RequestMetrics metrics = new RequestMetrics(registry);
    Rule rule = rule("ratewise.tier_free.tenant", true);

    for (int i = 0; i < RequestMetrics.MAX_DETAILED_SERIES + 30; i++) {
      metrics.onDescriptor("ratewise", Descriptor.of("tier", "free", "tenant", "t" + i), rule,
          Outcome.OK, 1, true);
    }

    long detailedLabels = registry.find(MeterNames.HITS).counters().stream()
        .filter(c -> c.getId().getTag("rule").contains(":"))
        .count();
    double plainHits = registry.get(MeterNames.HITS).tag("rule", rule.id()).counter().count();
    assertEquals(RequestMetrics.MAX_DETAILED_SERIES, detailedLabels);
    assertEquals(30, plainHits);
    assertEquals(30, registry.get(MeterNames.SERIES_OVERFLOW).counter().count());
  }

  @Test
  void plainRule_usesOnlyRuleId() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RequestMetrics metrics = new RequestMetrics(registry);
    Rule rule = rule("ratewise.tier_enterprise.tenant", false);

    for (int i = 0; i < 50; i++) {
      metrics.onDescriptor("ratewise", Descriptor.of("tier", "enterprise", "tenant", "t" + i),
          rule, Outcome.OVER_LIMIT, 2, false);
    }

    assertEquals(1, registry.find(MeterNames.HITS).counters().size());
    assertEquals(100, registry.get(MeterNames.HITS).counter().count());
    assertEquals(50, registry.get(MeterNames.DECISIONS).tag("outcome", "over_limit")
        .counter().count());
    assertEquals(50.0, registry.get(MeterNames.REVENUE_DENIED).tag("tier", "enterprise")
        .counter().count(), 1e-9);
    assertEquals(0, registry.get(MeterNames.SERIES_OVERFLOW).counter().count());
  }

  @Test
  void manyFallbackReasons_collapseIntoOther() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TuningMetrics tuning = new TuningMetrics(registry);

    for (int i = 0; i < TuningMetrics.MAX_FALLBACK_REASONS + 5; i++) {
      tuning.onFallback("REASON_" + i);
    }
    tuning.onFallback("REASON_0");

    assertEquals(TuningMetrics.MAX_FALLBACK_REASONS + 1,
        registry.find(MeterNames.ADVISOR_FALLBACKS).counters().size());
    assertEquals(5, registry.get(MeterNames.ADVISOR_FALLBACKS).tag("reason", "other")
        .counter().count());
    assertEquals(2, registry.get(MeterNames.ADVISOR_FALLBACKS).tag("reason", "reason_0")
        .counter().count());
  }

  private record StoreCase(String described, String label) {}

  @TestFactory
  Stream<DynamicTest> storeLabel_dropsUrlDetails() {
    return Stream.of(
            new StoreCase("in-process", "in-process"),
            new StoreCase("redis://:hunter2@cache.internal:6379", "redis"),
            new StoreCase("redis-sentinel://host:26379/0#mymaster", "redis-sentinel"))
        .map(c -> DynamicTest.dynamicTest(c.described(),
            () -> assertEquals(c.label(), RequestMetrics.storeLabel(c.described()))));
  }

  private record TierCase(String ruleId, String tier) {}

  @TestFactory
  Stream<DynamicTest> ruleId_yieldsTier() {
    return Stream.of(
            new TierCase("ratewise.tier_enterprise.tenant", "enterprise"),
            new TierCase("ratewise.tier_free.remote_address", "free"),
            new TierCase("ratewise.tier_pro", "pro"),
            new TierCase("ratewise.tier_.tenant", Tiers.UNTIERED),
            new TierCase("ratewise.generic_key_edge.tier", Tiers.UNTIERED),
            new TierCase("ratewise.mytier_x.tenant", Tiers.UNTIERED))
        .map(c -> DynamicTest.dynamicTest(c.ruleId(),
            () -> assertEquals(c.tier(), Tiers.of(c.ruleId()))));
  }
}
