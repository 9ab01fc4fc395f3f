package dev.ratewise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.TunedLimit;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.testing.MutableClock;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks the gauges that read ratewise's state: degraded mode and the live limits. A failing
 * store is simulated by reporting failures to {@link DegradedMode}, as the limiter does.
 */
class RatewiseMetricsTest {
  private static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";

  private final DegradedMode degraded = new DegradedMode(FailurePolicy.ALLOW);
  private LimitsHolder limits;
  private RatewiseMetrics metrics;

  @BeforeEach
  void setUp() throws Exception {
    limits = new LimitsHolder(Limits.compile(ConfigLoader.loadBundledExample()));
    metrics = new RatewiseMetrics(new MutableClock(Instant.parse("2026-12-04T20:00:00Z")),
        limits, degraded);
  }

  @AfterEach
  void tearDown() {
    metrics.close();
  }

  @Test
  void storeFailureThenRecovery_countsBothTransitions() {
    degraded.onFailure("redis://cache:6379", new IOException("connection refused"));
    ScrapedMetrics during = new ScrapedMetrics(metrics.scrape());
    degraded.onFailure("redis://cache:6379", new IOException("connection refused"));
    degraded.onSuccess("redis://cache:6379");

    ScrapedMetrics after = new ScrapedMetrics(metrics.scrape());

    assertEquals(1, during.value("ratewise_degraded").orElseThrow());
    assertEquals(0, after.value("ratewise_degraded").orElseThrow());
    assertEquals(1, after.value("ratewise_degraded_transitions_total", "direction", "enter")
        .orElseThrow());
    assertEquals(1, after.value("ratewise_degraded_transitions_total", "direction", "leave")
        .orElseThrow());
  }

  @Test
  void tunedLimit_showsInCurrentNotBaseline() {
    limits.publishTuned(Map.of(ENTERPRISE, new TunedLimit(45, "tuning", "heuristic",
        Instant.parse("2026-12-04T20:00:00Z"))));

    ScrapedMetrics scraped = new ScrapedMetrics(metrics.scrape());

    assertEquals(45, scraped.value("ratewise_limit_current", "rule", ENTERPRISE).orElseThrow());
    assertEquals(15, scraped.value("ratewise_limit_baseline", "rule", ENTERPRISE).orElseThrow());
  }

  @Test
  void everyLimitedRule_hasLimitGauges() {
    ScrapedMetrics scraped = new ScrapedMetrics(metrics.scrape());

    assertEquals(6, scraped.labelValues("ratewise_limit_current", "rule").size());
    assertEquals(6, scraped.labelValues("ratewise_limit_baseline", "rule").size());
  }
}
