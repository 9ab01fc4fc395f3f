package dev.ratewise.loadtest.demo;

import dev.ratewise.config.ConfigException;
import dev.ratewise.loadtest.demo.DemoScenario.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays one scenario twice against the same ratewise build, first with tuning on and then with
 * tuning off, and writes the report: {@code report.html}, {@code report.json} and
 * {@code revenue.png} in the output folder.
 */
final class DemoComparison {
  static final String ADVISOR_NOTE = "Advisor: the heuristic advisor, because the demo starts "
      + "ratewise with --ollama-url off; no LLaMA model runs on this machine. The figures are "
      + "what this run measured.";
  static final String SERVER = "ratewise ran in this process (Ratewise.start) on loopback "
      + "ports with the in-process counter store; Check was called over gRPC on Netty";

  private final DemoScenario scenario;
  private final String scenarioFile;
  private final Path config;
  private final Path workDir;
  private final Clock clock;

  DemoComparison(DemoScenario scenario, String scenarioFile, Path config, Path workDir,
      Clock clock) {
    this.scenario = scenario;
    this.scenarioFile = scenarioFile;
    this.config = config;
    this.workDir = workDir;
    this.clock = clock;
  }

  /** Runs both modes and returns the report; the caller writes it. */
  DemoReport run(String command) throws ConfigException, IOException, InterruptedException {
    BusinessTerms terms = BusinessTerms.load(config);
    double capacity = scenario.backend().capacityRps() > 0
        ? scenario.backend().capacityRps() : terms.capacityRps();
    if (capacity <= 0) {
      throw new IllegalArgumentException("backend.capacity_rps is 0 and the config sets no "
          + "tuning.capacity_rps: set one of them");
    }
    RunResult adaptive = runOnce(true, capacity, "adaptive");
    RunResult fixed = runOnce(false, capacity, "static");

    List<String> notes = new ArrayList<>();
    adaptive.notes().forEach(note -> notes.add("adaptive run: " + note));
    fixed.notes().forEach(note -> notes.add("static run: " + note));
    List<DemoReport.PhaseSpan> phases = new ArrayList<>();
    for (Phase phase : scenario.phases()) {
      phases.add(new DemoReport.PhaseSpan(phase.name(),
          scenario.startOf(phase).toMillis() / 1_000.0, phase.length().toMillis() / 1_000.0,
          phase.surge()));
    }
    return new DemoReport(scenario.name(), scenarioFile, command, SERVER, ADVISOR_NOTE, capacity,
        scenario.length().toSeconds(), phases,
        List.of(RunFigures.of(scenario, terms, adaptive), RunFigures.of(scenario, terms, fixed)),
        List.of(new DemoReport.RunEvents("adaptive", adaptive.events()),
            new DemoReport.RunEvents("static", fixed.events())),
        notes);
  }

  private RunResult runOnce(boolean tuning, double capacity, String name)
      throws ConfigException, IOException, InterruptedException {
    Path stateDir = Files.createDirectories(workDir.resolve("state-" + name));
    return new DemoRun(scenario, config, stateDir, tuning, capacity, clock).run();
  }

  /** Writes the HTML, JSON and PNG files of a report into a folder, creating it if needed. */
  static void write(DemoReport report, Path folder) throws IOException {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("report.json"), ReportJson.write(report),
        StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("report.html"), ReportHtml.write(report),
        StandardCharsets.UTF_8);
    Files.write(folder.resolve("revenue.png"), ChartPng.write(report));
  }
}
