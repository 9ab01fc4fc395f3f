package dev.ratewise.loadtest.demo;

import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.loadtest.demo.DemoScenario.Phase;
import dev.ratewise.loadtest.demo.RunFigures.ForecastFigures;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores the surge forecast of a run against the surge the scenario is known to contain.
 *
 * <p>The onset is the first whole second at which the scenario's total demand exceeds
 * {@code surge_onset_factor} times the demand at the start of the first surge phase. A cycle is an
 * alarm when one of its forecasts reaches {@code alarm_probability}. The first alarm no earlier
 * than {@code early_warning_window} before the onset gives the lead time. Alarms before that
 * window, and alarms in unmarked phases after the first surge phase, are false alarms.
 *
 * <p>Worked example: onset at 38 s, a 15 s window and alarms at 20 s, 31 s and 40 s give one false
 * alarm (20 s) and a lead time of 38 − 31 = 7 s.
 */
final class ForecastMeasure {
  private ForecastMeasure() {}

  static ForecastFigures of(DemoScenario scenario, RunResult run) {
    double onset = onsetSeconds(scenario);
    double windowStart = onset - scenario.earlyWarningWindow().toMillis() / 1_000.0;
    double surgeStart = firstSurgeStart(scenario);
    double firstAlarm = Double.NaN;
    int falseAlarms = 0;
    Map<Double, Double> probabilities = new LinkedHashMap<>();

    for (TuningCycle cycle : run.cycles()) {
      double offset = offsetSeconds(cycle, run.startMillis());
      double probability = RunFigures.maxProbability(cycle);
      probabilities.put(offset, probability);
      if (probability < scenario.alarmProbability()) {
        continue;
      }
      Phase phase = scenario.phaseAt(Duration.ofMillis(Math.max(0, (long) (offset * 1_000))));
      boolean afterSurge = offset >= surgeStart && !phase.surge();
      if (Double.isNaN(onset) || offset < windowStart || afterSurge) {
        falseAlarms++;
      } else if (Double.isNaN(firstAlarm)) {
        firstAlarm = offset;
      }
    }
    return new ForecastFigures(onset, firstAlarm, onset - firstAlarm, falseAlarms, probabilities);
  }

  static double onsetSeconds(DemoScenario scenario) {
    double start = firstSurgeStart(scenario);
    double threshold = scenario.totalDemandAt(Duration.ofMillis((long) (start * 1_000)))
        * scenario.surgeOnsetFactor();
    long length = scenario.length().toSeconds();
    for (long second = (long) start; second < length; second++) {
      if (scenario.totalDemandAt(Duration.ofSeconds(second)) > threshold) {
        return second;
      }
    }
    return Double.NaN;
  }

  private static double firstSurgeStart(DemoScenario scenario) {
    for (Phase phase : scenario.phases()) {
      if (phase.surge()) {
        return scenario.startOf(phase).toMillis() / 1_000.0;
      }
    }
    return Double.NaN;
  }

  private static double offsetSeconds(TuningCycle cycle, long startMillis) {
    long millis = cycle.getStartedAt().getSeconds() * 1_000 + cycle.getStartedAt().getNanos()
        / 1_000_000;
    return (millis - startMillis) / 1_000.0;
  }
}
