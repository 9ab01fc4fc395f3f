package dev.ratewise.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Runs the command line against a real ratewise started in this JVM on loopback. */
class LoadTestCommandTest {
  @TempDir
  Path tempDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void baselineFlag_printsBothRunsSideBySide() throws Exception {
    Path json = tempDir.resolve("report.json");

    int exitCode;
    try (Ratewise ratewise = Ratewise.start(ServerSettings.forTests(null, tempDir),
        Clock.systemUTC())) {
      exitCode = execute("--target", "127.0.0.1:" + ratewise.grpcPort(), "--baseline",
          "--duration", "500ms", "--warmup", "200ms", "--concurrency", "8", "--mix", "free=1",
          "--timeout", "3s",
          "--json-out", json.toString());
    }

    assertEquals(0, exitCode, err.toString());
    String[] lines = out.toString().split("\n");
    assertTrue(lines[1].matches("\\s+ratewise\\s+baseline\\s+ratio"), lines[1]);
    assertTrue(out.toString().contains("throughput (calls/s)"), out.toString());
    assertTrue(out.toString().matches("(?s).*\ntier\\s+ratewise allowed\\s+denied\\s+rejected"
        + "\\s+errors\\s+baseline allowed\\s+denied\\s+rejected\\s+errors\n.*"), out.toString());
    JsonNode document = new ObjectMapper().readTree(json.toFile());
    JsonNode ratewiseFree = document.path("runs").path(0).path("tiers").path("free");
    JsonNode baselineFree = document.path("runs").path(1).path("tiers").path("free");
    assertEquals("ratewise", document.path("runs").path(0).path("label").asText());
    assertEquals("baseline", document.path("runs").path(1).path("label").asText());
    assertTrue(ratewiseFree.path("denied").asLong() > 0, ratewiseFree.toString());
    assertEquals(0, baselineFree.path("denied").asLong());
    assertTrue(baselineFree.path("allowed").asLong() > 0, baselineFree.toString());
    assertTrue(document.path("ratios").path("throughput").isNumber(), document.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--mix|free=lots|invalid mix share 'lots' for tier free",
      "--mix|gold=1|mix names tier gold",
      "--concurrency|0|--concurrency must be at least 1",
      "--duration|10 seconds|invalid duration '10 seconds'",
      "--api|grpc|invalid --api 'grpc'",
      "--scenario|no-such-scenario.yaml|cannot read scenario file no-such-scenario.yaml",
  })
  void invalidFlag_exitsWithUsageErrorNamingIt(String flag, String value, String message) {
    int exitCode = execute(flag, value, "--target", "127.0.0.1:1");

    assertEquals(CommandLine.ExitCode.USAGE, exitCode);
    assertTrue(err.toString().contains(message), err.toString());
  }

  private int execute(String... args) {
    CommandLine commandLine = new CommandLine(new LoadTest());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
