package dev.ratewise.loadtest.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shortened seed demo end to end: a real ratewise on loopback, real gRPC Check calls
 * and the real tuning loop with the heuristic advisor. Envoy is played by {@link CheckCaller} and
 * the backend by {@link SimulatedBackend}, because neither Envoy nor a real backend runs here.
 * The two runs take about 50 s together.
 */
class SeedDemoTest {
  @TempDir
  static Path workDir;
  private static DemoReport report;

  @BeforeAll
  static void runBoth() throws Exception {
    String yaml = new String(SeedDemoTest.class.getResourceAsStream("/demo/short-demo.yaml")
        .readAllBytes(), StandardCharsets.UTF_8);
    DemoScenario scenario = ScenarioFile.parse("short-demo.yaml", yaml);

    report = new DemoComparison(scenario, "short-demo.yaml", null, workDir, Clock.systemUTC())
        .run("SeedDemoTest");
  }

  private static double servedRevenue(String mode) {
    return SummaryTable.served(report.run(mode).tiers());
  }

  private static double surgeDenial(String mode, String tier) {
    return report.run(mode).tiers().stream().filter(t -> t.tier().equals(tier)).findFirst()
        .orElseThrow().surgeDenialRate();
  }

  @Test
  void adaptiveRun_servesNoLessRevenueThanStatic() {
    assertTrue(servedRevenue("adaptive") >= servedRevenue("static"), SummaryTable.format(report));
  }

  @Test
  void adaptiveRun_deniesEnterpriseLeastInSurge() {
    double enterprise = surgeDenial("adaptive", "enterprise");

    for (String tier : List.of("professional", "free", "anonymous")) {
      assertTrue(enterprise <= surgeDenial("adaptive", tier),
          "enterprise against " + tier + "\n" + SummaryTable.format(report));
    }
  }

  @Test
  void adaptiveRun_overloadsNoMoreThanStatic() {
    assertTrue(report.run("adaptive").overloadSeconds() <= report.run("static").overloadSeconds(),
        SummaryTable.format(report));
  }

  @Test
  void adaptiveRun_recordsHeuristicCycles() {
    RunFigures.DecisionFigures decisions = report.run("adaptive").decisions();

    assertTrue(decisions.cycles() > 0, "the tuning loop ran no cycle\n" + report.notes());
    assertEquals(List.of("heuristic"), decisions.advisors());
    assertEquals(0, report.run("static").decisions().cycles());
  }

  @Test
  void bothRuns_sentCheckTraffic() {
    for (RunFigures run : report.runs()) {
      long allowed = run.tiers().stream().mapToLong(RunFigures.TierFigures::allowed).sum();
      assertTrue(allowed > 500, run.mode() + " run allowed only " + allowed);
    }
  }

  @Test
  void report_writesThreeFiles() throws IOException {
    Path out = workDir.resolve("report");

    DemoComparison.write(report, out);

    assertTrue(Files.readString(out.resolve("report.json")).contains("\"mode\" : \"static\""));
    assertTrue(Files.exists(out.resolve("report.html")));
    assertTrue(Files.exists(out.resolve("revenue.png")));
  }
}
