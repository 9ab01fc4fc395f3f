package dev.ratewise.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.RatewiseConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the generator against a real ratewise started in this JVM on loopback, and against the
 * no-op baseline server. The Check case against ratewise is skipped when the ratewise on the
 * classpath does not serve Check.
 */
class LoadRunnerTest {
  /** Per-tenant limits per second in the bundled config, and the tenants of each tier. */
  private static final Map<String, Integer> LIMIT_PER_TENANT =
      Map.of("enterprise", 15, "professional", 8, "free", 3);
  private static final int TENANTS_PER_TIER = 2;

  /**
   * Deadline of each call. Calls take well under a millisecond on loopback, but this machine is
   * shared with other builds, and a timed-out call would change the counts under test.
   */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  @TempDir
  Path stateDir;

  @ParameterizedTest
  @EnumSource(Api.class)
  void closedLoop_allowsLimitPerWindow(Api api) throws Exception {
    TierMix mix = TierMix.parse("enterprise=1,professional=1,free=1");
    Scenario scenario = Scenario.single(Duration.ofSeconds(2), 0, mix);

    Report report;
    try (Ratewise ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir),
        Clock.systemUTC())) {
      report = run("127.0.0.1:" + ratewise.grpcPort(), api, scenario, 8);
    }
    assumeFalse(report.errorsByStatus().containsKey("UNIMPLEMENTED"),
        "this build of ratewise does not serve " + api);

    // Each tenant sends far above its limit, and ratewise counts in fixed 1 s windows. A 2 s
    // run covers one whole window plus two partial ones that add up to 1 s, and the longer
    // partial is at least 0.5 s, long enough to use up the limit. So each tenant gets between
    // 2 and 3 windows' worth: for free tenants at 3/s, 6 to 9 calls, 12 to 18 for the tier.
    assertTrue(report.errorsByStatus().isEmpty(), "errors: " + report.errorsByStatus());
    for (Map.Entry<String, Integer> limit : LIMIT_PER_TENANT.entrySet()) {
      Report.TierCounts counts = report.tiers().get(limit.getKey());
      long perWindow = (long) limit.getValue() * TENANTS_PER_TIER;
      assertTrue(counts.allowed() >= 2 * perWindow,
          limit.getKey() + " allowed " + counts.allowed() + ", fewer than " + 2 * perWindow);
      assertTrue(counts.allowed() <= 3 * perWindow,
          limit.getKey() + " allowed " + counts.allowed() + ", more than " + 3 * perWindow);
      assertTrue(counts.denied() > 0, limit.getKey() + " was never denied");
    }
  }

  @Test
  void openLoopAgainstBaseline_sendsEveryScheduledCall() throws Exception {
    // 300 calls per second is an interval of 3,333,333.3 ns, which whole nanoseconds cannot
    // hold, so a schedule that rounds each interval sends one call too many.
    Scenario scenario = Scenario.single(Duration.ofSeconds(1), 300, TierMix.parse("free=1"));

    Report report;
    try (BaselineServer baseline = BaselineServer.start("127.0.0.1")) {
      report = run("127.0.0.1:" + baseline.port(), Api.RLS, scenario, 16);
    }

    assertEquals(Map.of(), report.errorsByStatus());
    assertEquals(300, report.sent());
    assertEquals(300, report.completed());
    assertEquals(300, report.tiers().get("free").allowed());
    assertEquals(0, report.tiers().get("free").denied());
  }

  @Test
  void rampPhase_sendsTheIntegralOfItsRate() throws Exception {
    // A ramp from 50/s to 150/s over 1 s averages 100/s. Each send waits 1/rate at the rate of
    // its own time, which lags the ramp slightly, so the count lands a little under 100.
    Phase ramp = new Phase("ramp", Duration.ofSeconds(1), 50, 150, TierMix.parse("free=1"),
        Set.of(), 16, 16);
    Scenario scenario = new Scenario("ramp", List.of(ramp));

    Report report;
    try (BaselineServer baseline = BaselineServer.start("127.0.0.1")) {
      report = run("127.0.0.1:" + baseline.port(), Api.RLS, scenario, 16);
    }

    assertTrue(report.sent() >= 95, "sent " + report.sent());
    assertTrue(report.sent() <= 100, "sent " + report.sent());
  }

  @Test
  void twoPhases_countedPerPhase() throws Exception {
    Phase free = new Phase("free-only", Duration.ofMillis(500), 100, 100,
        TierMix.parse("free=1"), Set.of(), 16, 16);
    Phase enterprise = new Phase("enterprise-only", Duration.ofMillis(500), 100, 100,
        TierMix.parse("enterprise=1"), Set.of(), 16, 16);
    Scenario scenario = new Scenario("two", List.of(free, enterprise));

    Report report;
    try (BaselineServer baseline = BaselineServer.start("127.0.0.1")) {
      report = run("127.0.0.1:" + baseline.port(), Api.RLS, scenario, 16);
    }
    String table = ReportTable.render(List.of(report));

    assertEquals(List.of("free-only", "enterprise-only"), List.copyOf(report.phases().keySet()));
    assertEquals(50, report.phases().get("free-only").get("free").allowed());
    assertEquals(0, report.phases().get("free-only").get("enterprise").total());
    assertEquals(50, report.phases().get("enterprise-only").get("enterprise").allowed());
    assertEquals(0, report.phases().get("enterprise-only").get("free").total());
    assertTrue(table.contains("\nphase            tier"), table);
    assertTrue(table.contains("\nenterprise-only  enterprise       50"), table);
  }

  @Test
  void checkAgainstBaseline_allowsEveryTier() throws Exception {
    TierMix mix = TierMix.parse("enterprise=0.25,professional=0.25,free=0.25,anonymous=0.25");
    Scenario scenario = Scenario.single(Duration.ofMillis(500), 200, mix);

    Report report;
    try (BaselineServer baseline = BaselineServer.start("127.0.0.1")) {
      report = run("127.0.0.1:" + baseline.port(), Api.CHECK, scenario, 16);
    }

    assertEquals(Map.of(), report.errorsByStatus());
    assertEquals(100, report.completed());
    long allowed = report.tiers().values().stream().mapToLong(Report.TierCounts::allowed).sum();
    assertEquals(100, allowed);
    for (String tier : mix.tiers()) {
      assertTrue(report.tiers().get(tier).allowed() > 0, tier + " got no calls");
    }
  }

  @Test
  void unreachableTarget_countsUnavailableErrors() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Scenario scenario = Scenario.single(Duration.ofMillis(500), 40, TierMix.parse("free=1"));

    Report report = run("127.0.0.1:" + closedPort, Api.RLS, scenario, 4);

    assertEquals(20, report.completed());
    assertEquals(Map.of("UNAVAILABLE", 20L), report.errorsByStatus());
    assertEquals(20, report.tiers().get("free").errors());
    assertEquals(0, report.tiers().get("free").allowed());
  }

  private static Report run(String target, Api api, Scenario scenario, int concurrency)
      throws Exception {
    RatewiseConfig config = ConfigLoader.loadBundledExample();
    List<CallerPool> pools = scenario.phases().stream()
        .map(phase -> new CallerPool(config.tenants().values(), "free", phase.mix(),
            phase.keys(), phase.addresses(), phase.anonymousAddresses()))
        .toList();
    Tally tally = new Tally(scenario.tiers(), scenario.phaseNames());
    try (CallSender sender = new CallSender(target, 2, api, new EnvoyRequests("ratewise"),
        CALL_TIMEOUT)) {
      sender.connect(CALL_TIMEOUT);
      LoadRunner runner = new LoadRunner(sender, scenario, pools, concurrency, tally,
          new SplittableRandom(7), System::nanoTime, CALL_TIMEOUT.plusSeconds(1));
      long elapsed = runner.run();
      return tally.report("test", target, api, "test", elapsed / 1e9);
    }
  }
}
