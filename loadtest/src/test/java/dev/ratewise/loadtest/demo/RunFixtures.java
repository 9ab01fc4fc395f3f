package dev.ratewise.loadtest.demo;

import com.google.protobuf.Timestamp;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.RuleForecast;
import dev.ratewise.admin.v1.TuningCycle;
import java.util.Map;

/** Builds scenarios, prices and audit records for tests of the figures and report writers. */
final class RunFixtures {
  static final long START_MILLIS = 1_800_000_000_000L;

  /**
   * A 20 s scenario: quiet 0-5 s, then enterprise 10→30 rps in a 10 s surge (onset where total
   * demand passes 2 × 10 = 20 rps, at 6 s), then 5 s of calm at 10 rps.
   */
  static final String SCENARIO = """
      name: fixture
      tiers:
        - {name: enterprise, rule: enterprise_tenant}
        - {name: free, rule: free_tenant}
      tenants:
        - {name: acme, tier: enterprise, api_key: ent-acme-key, address: 198.51.100.11}
        - {name: alice, tier: free, api_key: free-alice-key, address: 198.51.100.31}
      phases:
        - {name: quiet, length: 5s, demand: {enterprise: [10, 10]}}
        - {name: surge, length: 10s, surge: true, demand: {enterprise: [10, 30]}}
        - {name: calm, length: 5s, demand: {enterprise: [10, 10], free: [2, 2]}}
      backend: {capacity_rps: 5, latency: 20ms, overload_latency: 800ms}
      tuning_interval: 1s
      check_timeout: 200ms
      sample_interval: 1s
      forecast: {alarm_probability: 0.5, surge_onset_factor: 2.0, early_warning_window: 3s}
      """;

  static final BusinessTerms TERMS =
      new BusinessTerms(Map.of("enterprise_tenant", 0.20, "free_tenant", 0.01), 200);

  private RunFixtures() {}

  static DemoScenario scenario() {
    return ScenarioFile.parse("fixture.yaml", SCENARIO);
  }

  /** Builds a cycle started {@code offsetSeconds} after the fixture start, with one change. */
  static TuningCycle cycle(double offsetSeconds, double probability, ChangeStatus status) {
    long millis = START_MILLIS + Math.round(offsetSeconds * 1_000);
    return TuningCycle.newBuilder()
        .setId("cycle-" + offsetSeconds)
        .setAdvisor("heuristic")
        .setStartedAt(Timestamp.newBuilder().setSeconds(millis / 1_000)
            .setNanos((int) (millis % 1_000) * 1_000_000))
        .addForecasts(RuleForecast.newBuilder().setRule("enterprise_tenant")
            .setSurgeProbability(probability))
        .addChanges(LimitChange.newBuilder().setRule("enterprise_tenant").setFrom(15).setTo(20)
            .setStatus(status))
        .build();
  }
}
