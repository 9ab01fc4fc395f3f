package dev.ratewise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.admin.AdminException;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.GetAuditResponse;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.admin.v1.ListLimitsResponse;
import dev.ratewise.admin.v1.RunCycleRequest;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The decision loop as {@link Ratewise} wires it, with the placeholder advisor and forecast. */
class RatewiseTuningTest {
  @TempDir Path stateDir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));

  private ServerSettings tuningOn() {
    ServerSettings settings = ServerSettings.forTests(null, stateDir);
    ServerSettings.TuningSettings tuning = settings.tuning();
    return settings.withTuning(new ServerSettings.TuningSettings(true, Duration.ofHours(1),
        tuning.ollamaUrl(), tuning.model(), tuning.advisorTimeout(), stateDir));
  }

  @Test
  void noTuning_adminReadsButRunCycleUnavailable() throws Exception {
    try (Ratewise ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir), clock)) {
      ListLimitsResponse limits = ratewise.admin().listLimits(ListLimitsRequest
          .getDefaultInstance());
      AdminException error = assertThrows(AdminException.class,
          () -> ratewise.admin().runCycle(RunCycleRequest.getDefaultInstance(), "test"));

      assertEquals("ratewise.tier_enterprise.tenant", limits.getLimits(0).getRule());
      assertTrue(limits.getLimits(0).getAdaptive());
      assertEquals(15, limits.getLimits(0).getEffective());
      assertEquals(AdminException.Kind.UNAVAILABLE, error.kind());
    }
  }

  @Test
  void runCycle_auditedAcrossRestart() throws Exception {
    TuningCycle cycle;
    try (Ratewise ratewise = Ratewise.start(tuningOn(), clock)) {
      cycle = ratewise.admin().runCycle(RunCycleRequest.getDefaultInstance(), "test")
          .getCycle();
    }

    GetAuditResponse audit;
    try (Ratewise restarted = Ratewise.start(ServerSettings.forTests(null, stateDir), clock)) {
      audit = restarted.admin().getAudit(GetAuditRequest.getDefaultInstance());
    }

    // The test settings point Ollama at a closed port, so the heuristic stands in.
    assertEquals("heuristic", cycle.getAdvisor());
    assertTrue(cycle.getFallbackReason().startsWith("UNREACHABLE"), cycle.getFallbackReason());
    assertFalse(cycle.getPrompt().isEmpty());
    assertTrue(stateDir.resolve("ratewise-audit.db").toFile().isFile());
    assertEquals(1, audit.getRecordsCount());
    assertEquals(cycle, audit.getRecords(0).getCycle());
  }

  @Test
  void tuningFlags_reachSettings() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--no-tuning", "--tuning-interval", "5s", "--state-dir",
        "/var/lib/ratewise");

    ServerSettings.TuningSettings tuning = main.toSettings().tuning();

    assertFalse(tuning.enabled());
    assertEquals(Duration.ofSeconds(5), tuning.interval());
    assertEquals(Path.of("/var/lib/ratewise"), tuning.stateDir());
  }

  @Test
  void noTuningFlags_defaultsApply() {
    Main main = new Main();
    new CommandLine(main).parseArgs();

    ServerSettings.TuningSettings tuning = main.toSettings().tuning();

    assertTrue(tuning.enabled());
    assertNull(tuning.interval());
    assertEquals(Path.of("data"), tuning.stateDir());
  }
}
