package dev.ratewise.loadtest.demo;

import dev.ratewise.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The demo command: replays a scenario with tuning on and off and writes the comparison. */
@Command(
    name = "ratewise-demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Replays a demo scenario against ratewise twice, with adaptive limits and with "
        + "static limits, and writes an HTML, JSON and PNG report.")
public final class DemoCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Option(names = "--scenario",
      defaultValue = "${env:RATEWISE_DEMO_SCENARIO:-loadtest/scenarios/seed-demo.yaml}",
      description = "Scenario YAML file (env RATEWISE_DEMO_SCENARIO). Default: ${DEFAULT-VALUE}.")
  Path scenario;

  @Option(names = "--config", defaultValue = "${env:RATEWISE_CONFIG}",
      description = "ratewise config file or folder the server loads and the report prices "
          + "requests from (env RATEWISE_CONFIG). Default: the bundled example.")
  Path config;

  @Option(names = "--out",
      defaultValue = "${env:RATEWISE_DEMO_OUT:-loadtest/target/demo-report}",
      description = "Folder the report is written to (env RATEWISE_DEMO_OUT). "
          + "Default: ${DEFAULT-VALUE}.")
  Path out;

  public static void main(String[] args) {
    int exitCode = new CommandLine(new DemoCommand()).execute(args);
    System.exit(exitCode);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    DemoScenario loaded;
    try {
      loaded = ScenarioFile.load(scenario);
    } catch (IllegalArgumentException e) {
      log.error("invalid scenario: {}", e.getMessage());
      return 2;
    }
    // A fresh folder per invocation, so no audit trail from an earlier demo leaks into this one.
    Path workDir = Files.createTempDirectory(Files.createDirectories(out.resolve("work")), "run-");
    DemoReport report;
    try {
      report = new DemoComparison(loaded, scenario.toString(), config, workDir,
          Clock.systemUTC()).run(commandLine());
    } catch (ConfigException e) {
      log.error("invalid ratewise config: {}", e.getMessage());
      return 2;
    }
    DemoComparison.write(report, out);
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    stdout.print(SummaryTable.format(report));
    stdout.println("report: " + out.resolve("report.html").toAbsolutePath());
    return 0;
  }

  private String commandLine() {
    return "bash loadtest/demo/run.sh --scenario " + scenario
        + (config == null ? "" : " --config " + config) + " --out " + out;
  }
}
