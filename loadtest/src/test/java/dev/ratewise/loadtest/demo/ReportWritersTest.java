package dev.ratewise.loadtest.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.loadtest.demo.CheckCaller.Verdict;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {
  private static RunResult run(String mode, int allowedPerSecond) {
    TrafficLog traffic = new TrafficLog();
    SimulatedBackend backend = new SimulatedBackend(5, Duration.ZERO, Duration.ZERO);
    for (int second = 0; second < 20; second++) {
      for (int i = 0; i < allowedPerSecond; i++) {
        traffic.record("enterprise", second, Verdict.ALLOWED, backend.serve(second).error());
      }
      traffic.record("enterprise", second, Verdict.RATE_LIMITED, false);
    }
    return new RunResult(mode, RunFixtures.START_MILLIS, traffic, backend,
        List.of(new RunResult.LimitSample(0.0, java.util.Map.of("enterprise", 15L))),
        List.of(RunFixtures.cycle(9, 0.7, ChangeStatus.CHANGE_STATUS_APPLIED)),
        List.of(new RunResult.Event(5.0, "approved enterprise_tenant: 15 -> 40 </script>")),
        List.of());
  }

  private static DemoReport report() {
    DemoScenario scenario = RunFixtures.scenario();
    return new DemoReport("fixture", "fixture.yaml", "bash loadtest/demo/run.sh",
        DemoComparison.SERVER, DemoComparison.ADVISOR_NOTE, 5, 20,
        List.of(new DemoReport.PhaseSpan("quiet", 0, 5, false),
            new DemoReport.PhaseSpan("surge", 5, 10, true),
            new DemoReport.PhaseSpan("calm", 15, 5, false)),
        List.of(RunFigures.of(scenario, RunFixtures.TERMS, run("adaptive", 4)),
            RunFigures.of(scenario, RunFixtures.TERMS, run("static", 2))),
        List.of(new DemoReport.RunEvents("adaptive", run("adaptive", 0).events())),
        List.of("static run: GET /admin/limits failed"));
  }

  @Test
  void json_holdsFiguresWithNanAsString() throws IOException {
    JsonNode json = new ObjectMapper().readTree(ReportJson.write(report()));

    JsonNode adaptive = json.get("runs").get(0);
    assertEquals("adaptive", adaptive.get("mode").asText());
    assertEquals(4 * 20 * 0.20 * 180, adaptive.get("tiers").get(0).get("revenue_served_per_hour")
        .asDouble(), 1e-9);
    assertEquals("NaN", adaptive.get("tiers").get(1).get("surge_denial_rate").asText());
    assertEquals(20, adaptive.get("series").get("revenue_per_hour").size());
    assertTrue(json.get("advisor_note").asText().contains("heuristic"));
  }

  @Test
  void html_inlinesChartJsAndEscapesScriptEnd() {
    String html = ReportHtml.write(report());

    assertTrue(html.contains("Chart.js v4.4.1"), "Chart.js must be inlined");
    assertFalse(html.contains("/*REPORT_JSON*/"));
    assertFalse(html.contains("15 -> 40 </script>"), "a </ in the data must not end the script");
    assertTrue(html.contains("15 -> 40 <\\/script>"));
    assertFalse(html.contains("src=\"http"), "the report must not load anything from the network");
  }

  @Test
  void png_decodesAtChartSize() throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(ChartPng.write(report())));

    assertEquals(ChartPng.WIDTH, image.getWidth());
    assertEquals(ChartPng.HEIGHT, image.getHeight());
  }

  @Test
  void write_createsThreeFiles(@TempDir Path folder) throws IOException {
    DemoComparison.write(report(), folder.resolve("out"));

    assertTrue(Files.size(folder.resolve("out/report.html")) > 100_000);
    assertTrue(Files.size(folder.resolve("out/report.json")) > 0);
    assertTrue(Files.size(folder.resolve("out/revenue.png")) > 0);
  }

  @Test
  void summaryTable_listsEveryTierAndBothRuns() {
    String table = SummaryTable.format(report());

    assertTrue(table.contains("enterprise"));
    assertTrue(table.contains("free"));
    assertTrue(table.contains("adaptive overload"));
    assertTrue(table.contains("static   overload"));
    assertTrue(table.contains("advisor heuristic"));
  }
}
