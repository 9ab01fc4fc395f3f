package dev.ratewise.loadtest.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.TuningCycle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastMeasureTest {
  private static RunResult runWith(List<TuningCycle> cycles) {
    return new RunResult("adaptive", RunFixtures.START_MILLIS, new TrafficLog(),
        new SimulatedBackend(5, Duration.ZERO, Duration.ZERO), List.of(), cycles, List.of(),
        List.of());
  }

  @Test
  void onset_firstSecondAboveFactor() {
    DemoScenario scenario = RunFixtures.scenario();

    double onset = ForecastMeasure.onsetSeconds(scenario);

    // Surge starts at 5 s at 10 rps, so the onset is the first second above 20 rps:
    // 10 + 20 × (t − 5) / 10 > 20 is first true at t = 11 s (22 rps).
    assertEquals(11, onset);
  }

  @Test
  void alarmInsideWindow_givesLeadTime() {
    RunResult run = runWith(List.of(
        RunFixtures.cycle(3, 0.9, ChangeStatus.CHANGE_STATUS_UNCHANGED),
        RunFixtures.cycle(8.5, 0.2, ChangeStatus.CHANGE_STATUS_UNCHANGED),
        RunFixtures.cycle(9, 0.7, ChangeStatus.CHANGE_STATUS_APPLIED),
        RunFixtures.cycle(12, 0.8, ChangeStatus.CHANGE_STATUS_APPLIED)));

    RunFigures.ForecastFigures figures = ForecastMeasure.of(RunFixtures.scenario(), run);

    assertEquals(9, figures.firstAlarmSeconds(), 1e-9);
    assertEquals(2, figures.leadSeconds(), 1e-9);
    assertEquals(1, figures.falseAlarms(), "the alarm at 3 s is before the 3 s window");
    assertEquals(4, figures.probabilities().size());
  }

  @Test
  void alarmAfterSurge_countsAsFalse() {
    RunResult run = runWith(List.of(
        RunFixtures.cycle(13, 0.6, ChangeStatus.CHANGE_STATUS_APPLIED),
        RunFixtures.cycle(17, 0.9, ChangeStatus.CHANGE_STATUS_APPLIED)));

    RunFigures.ForecastFigures figures = ForecastMeasure.of(RunFixtures.scenario(), run);

    assertEquals(-2, figures.leadSeconds(), 1e-9, "an alarm 2 s after onset is late");
    assertEquals(1, figures.falseAlarms());
  }

  @Test
  void noAlarm_leavesLeadUnmeasured() {
    RunResult run = runWith(List.of(RunFixtures.cycle(9, 0.1, ChangeStatus.CHANGE_STATUS_PENDING)));

    RunFigures.ForecastFigures figures = ForecastMeasure.of(RunFixtures.scenario(), run);

    assertTrue(Double.isNaN(figures.firstAlarmSeconds()));
    assertTrue(Double.isNaN(figures.leadSeconds()));
    assertEquals(0, figures.falseAlarms());
  }
}
