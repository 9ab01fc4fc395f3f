package dev.ratewise.loadtest.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.loadtest.demo.CheckCaller.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunFiguresTest {
  /**
   * Builds a run with enterprise 10 allowed at 0 s and 4 allowed, 6 denied at 7 s (surge), and
   * free 2 allowed at 16 s.
   */
  private static RunResult recordedRun() {
    TrafficLog traffic = new TrafficLog();
    SimulatedBackend backend = new SimulatedBackend(5, Duration.ZERO, Duration.ZERO);
    for (int i = 0; i < 10; i++) {
      traffic.record("enterprise", 0, Verdict.ALLOWED, backend.serve(0).error());
    }
    for (int i = 0; i < 4; i++) {
      traffic.record("enterprise", 7, Verdict.ALLOWED, backend.serve(7).error());
    }
    for (int i = 0; i < 6; i++) {
      traffic.record("enterprise", 7, Verdict.RATE_LIMITED, false);
    }
    traffic.record("free", 16, Verdict.ALLOWED, backend.serve(16).error());
    traffic.record("free", 16, Verdict.ALLOWED, backend.serve(16).error());
    traffic.record("free", 16, Verdict.ERROR, false);
    return new RunResult("adaptive", RunFixtures.START_MILLIS, traffic, backend, List.of(),
        List.of(RunFixtures.cycle(9, 0.7, ChangeStatus.CHANGE_STATUS_APPLIED),
            RunFixtures.cycle(11, 0.7, ChangeStatus.CHANGE_STATUS_PENDING),
            RunFixtures.cycle(13, 0.7, ChangeStatus.CHANGE_STATUS_REJECTED),
            RunFixtures.cycle(15, 0.1, ChangeStatus.CHANGE_STATUS_APPLIED)),
        List.of(), List.of());
  }

  @Test
  void revenue_pricedPerTierAndScaledToHour() {
    RunFigures figures = RunFigures.of(RunFixtures.scenario(), RunFixtures.TERMS, recordedRun());

    RunFigures.TierFigures enterprise = figures.tiers().get(0);
    RunFigures.TierFigures free = figures.tiers().get(1);
    // 14 allowed × $0.20 over a 20 s run = $2.80 per 20 s = $504 per hour.
    assertEquals(14, enterprise.allowed());
    assertEquals(6, enterprise.denied());
    assertEquals(504, enterprise.revenueServedPerHour(), 1e-9);
    assertEquals(216, enterprise.revenueDeniedPerHour(), 1e-9);
    assertEquals(2 * 0.01 * 180, free.revenueServedPerHour(), 1e-9);
  }

  @Test
  void surgeDenialRate_countsSurgePhasesOnly() {
    RunFigures figures = RunFigures.of(RunFixtures.scenario(), RunFixtures.TERMS, recordedRun());

    assertEquals(0.6, figures.tiers().get(0).surgeDenialRate(), 1e-9);
    assertTrue(Double.isNaN(figures.tiers().get(1).surgeDenialRate()),
        "free sent nothing during the surge");
  }

  @Test
  void overload_countsSecondsAndErrors() {
    RunFigures figures = RunFigures.of(RunFixtures.scenario(), RunFixtures.TERMS, recordedRun());

    assertEquals(1, figures.overloadSeconds(), "only second 0 had more than 5 allowed");
    assertEquals(5, figures.backendErrors());
  }

  @Test
  void decisions_countedByStatusWithAdvisors() {
    RunFigures figures = RunFigures.of(RunFixtures.scenario(), RunFixtures.TERMS, recordedRun());

    assertEquals(4, figures.decisions().cycles());
    assertEquals(2, figures.decisions().applied());
    assertEquals(1, figures.decisions().pending());
    assertEquals(1, figures.decisions().rejected());
    assertEquals(List.of("heuristic"), figures.decisions().advisors());
  }

  @Test
  void series_holdsPerSecondRatesAndRevenue() {
    RunFigures figures = RunFigures.of(RunFixtures.scenario(), RunFixtures.TERMS, recordedRun());

    assertEquals(20, figures.series().revenuePerHour().length);
    assertEquals(4, figures.series().allowedByTier().get("enterprise")[7]);
    assertEquals(6, figures.series().deniedByTier().get("enterprise")[7]);
    assertEquals(10 * 0.20 * 3_600, figures.series().revenuePerHour()[0], 1e-9);
  }
}
