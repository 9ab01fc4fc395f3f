package dev.ratewise.tuning.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks the scoring rules of {@link AlarmReplay} with a forecast that alarms on chosen ticks. */
class ForecastAlarmReplayTest {

  /** Lead 30, W 300, merge gap 30, no warm-up, one tick per second. */
  private static final ReplayRules RULES = new ReplayRules(0, 1, 30, 300, 30, 60, 3600.0);

  private static final int ONSET = 1000;

  @Test
  void alarmInsideWindow_truePositiveWithLead() {
    FamilyScore score = replay(Set.of(900, 901, 902));

    assertEquals(1, score.events(FamilyScore.EventKind.TRUE_POSITIVE));
    assertEquals(0, score.events(FamilyScore.EventKind.FALSE_POSITIVE));
    assertEquals(1.0, score.recall());
    assertEquals(100.0, score.medianLeadTicks());
  }

  @Test
  void alarmBeforeWindow_falsePositive() {
    FamilyScore score = replay(Set.of(ONSET - 301));

    assertEquals(1, score.events(FamilyScore.EventKind.FALSE_POSITIVE));
    assertEquals(0.0, score.recall());
  }

  @Test
  void alarmWithinLeadOfOnset_late() {
    FamilyScore score = replay(Set.of(ONSET - 29));

    assertEquals(1, score.events(FamilyScore.EventKind.LATE));
    assertEquals(0.0, score.recall());
    assertEquals(29.0, score.medianLeadTicks());
  }

  @Test
  void alarmsWithShortGap_mergeIntoOneEvent() {
    FamilyScore score = replay(Set.of(500, 531));

    assertEquals(1, score.events(FamilyScore.EventKind.FALSE_POSITIVE));
  }

  @Test
  void alarmsWithLongGap_countTwice() {
    FamilyScore score = replay(Set.of(500, 532));

    assertEquals(2, score.events(FamilyScore.EventKind.FALSE_POSITIVE));
  }

  @Test
  void alarmAfterSurgeSpan_falsePositive() {
    FamilyScore score = replay(Set.of(1200));

    assertEquals(1, score.events(FamilyScore.EventKind.FALSE_POSITIVE));
  }

  private static FamilyScore replay(Set<Integer> alarmTicks) {
    int length = 1300;
    LabelledTrace trace =
        new LabelledTrace(
            "scripted",
            "scripted",
            ticksAsHits(length),
            new double[length],
            new int[length],
            new boolean[length],
            List.of(new LabelledTrace.Surge(ONSET, 1100)),
            SurgeClass.SURGE);
    // The window contains one tick whose hit count is its own index, so the forecast knows the
    // tick.
    SurgeForecast scripted =
        window -> {
          int tick = (int) window.hitsAt(window.length() - 1);
          SurgeClass surgeClass = alarmTicks.contains(tick) ? SurgeClass.SURGE : SurgeClass.NORMAL;
          return new Forecast(0.0, 0.0, surgeClass, 0.0);
        };

    return new AlarmReplay(scripted, RULES).score(List.of(trace));
  }

  private static double[] ticksAsHits(int length) {
    double[] hits = new double[length];
    for (int t = 0; t < length; t++) {
      hits[t] = t;
    }
    return hits;
  }
}
