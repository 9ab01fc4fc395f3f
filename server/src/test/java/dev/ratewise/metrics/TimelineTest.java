package dev.ratewise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import dev.ratewise.limit.TunedLimit;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the timeline's rates, revenue and counterfactual on the bundled config. */
class TimelineTest {
  private static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));
  private LimitsHolder limits;
  private TrafficRecorder traffic;
  private TuningMetrics tuning;
  private Timeline timeline;

  @BeforeEach
  void setUp() throws Exception {
    limits = new LimitsHolder(Limits.compile(ConfigLoader.loadBundledExample()));
    traffic = new TrafficRecorder();
    tuning = new TuningMetrics(new SimpleMeterRegistry());
    timeline = new Timeline(clock, limits, traffic, tuning);
  }

  @Test
  void firstSample_onlySetsStartingCounts() {
    timeline.sample();

    assertEquals(List.of(), timeline.samplesAfter(-1));
  }

  @Test
  void sameClockTime_recordsNothing() {
    timeline.sample();
    clock.advance(Duration.ofSeconds(1));
    timeline.sample();

    timeline.sample();

    assertEquals(1, timeline.samplesAfter(-1).size());
  }

  /**
   * Enterprise's baseline is 15 per second per tenant at $0.20 and its limit is tuned to 30.
   * Over 2 s, acme sends 50 hits (25/s, all allowed) and globex 10 (5/s). Actual revenue is
   * 30/s x $0.20 x 3600 = $21,600/h. Had the limit stayed at 15, acme would get 15/s and globex
   * 5/s: 20/s x $0.20 x 3600 = $14,400/h.
   */
  @Test
  void tunedLimit_revenueAboveBaselineEstimate() {
    limits.publishTuned(Map.of(ENTERPRISE, new TunedLimit(30, "tuning", "heuristic",
        clock.instant())));
    timeline.sample();
    record("acme", 50, true);
    record("globex", 8, true);
    record("globex", 2, false);
    clock.advance(Duration.ofSeconds(2));

    timeline.sample();

    TierSample enterprise = tier(timeline.samplesAfter(-1).get(0), "enterprise");
    assertEquals(30, enterprise.limitRps());
    assertEquals(15, enterprise.baselineRps());
    assertEquals(30, enterprise.requestRps(), 1e-9);
    assertEquals(29, enterprise.allowedRps(), 1e-9);
    assertEquals(1, enterprise.deniedRps(), 1e-9);
    assertEquals(29 * 0.20 * 3600, enterprise.revenuePerHour(), 1e-6);
    assertEquals(20 * 0.20 * 3600, enterprise.baselineRevenuePerHour(), 1e-6);
    assertNull(enterprise.forecastRps());
  }

  @Test
  void forecast_appearsInNextSample() {
    timeline.sample();
    tuning.onForecast(ENTERPRISE, new Forecast(20, 42.5, SurgeClass.SURGE, 0.85));
    clock.advance(Duration.ofSeconds(1));

    timeline.sample();

    TierSample enterprise = tier(timeline.samplesAfter(-1).get(0), "enterprise");
    assertEquals(42.5, enterprise.forecastRps());
    assertEquals(0.85, enterprise.surgeProbability());
    assertEquals("SURGE", enterprise.surgeClass());
  }

  @Test
  void fullRing_dropsOldestSample() {
    timeline.sample();
    for (int i = 0; i < Timeline.CAPACITY + 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      timeline.sample();
    }

    List<TimelineSample> samples = timeline.samplesAfter(-1);

    assertEquals(Timeline.CAPACITY, samples.size());
    assertEquals(clock.millis(), samples.get(samples.size() - 1).timeMillis());
    assertEquals(0, timeline.samplesAfter(clock.millis()).size());
  }

  private void record(String tenant, long hits, boolean allowed) {
    Rule rule = limits.current().rule(ENTERPRISE).orElseThrow();
    traffic.onDescriptor("ratewise", Descriptor.of("tier", "enterprise", "tenant", tenant), rule,
        allowed ? Outcome.OK : Outcome.OVER_LIMIT, hits, allowed);
  }

  private static TierSample tier(TimelineSample sample, String name) {
    return sample.tiers().stream().filter(t -> t.tier().equals(name)).findFirst().orElseThrow();
  }
}
