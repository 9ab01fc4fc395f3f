package dev.ratewise.tuning.forecast;

import java.util.Arrays;
import java.util.List;

/** Replays labelled traces through a forecast one tick at a time and scores its alarms. */
final class AlarmReplay {

  private final SurgeForecast forecast;
  private final ReplayRules rules;

  AlarmReplay(SurgeForecast forecast, ReplayRules rules) {
    this.forecast = forecast;
    this.rules = rules;
  }

  /** Replays every trace and adds its figures to one score. */
  FamilyScore score(List<LabelledTrace> traces) {
    FamilyScore score = new FamilyScore();
    for (LabelledTrace trace : traces) {
      SurgeClass[] classes = replay(trace);
      scoreEvents(trace, classes, score);
      for (LabelledTrace.Surge surge : trace.surges()) {
        scoreSurge(trace, surge, classes, score);
      }
      score.addEvaluatedTicks(countEvaluatedTicks(trace));
    }
    return score;
  }

  /** Returns the class forecast at each tick; NORMAL during warm-up and on masked ticks. */
  SurgeClass[] replay(LabelledTrace trace) {
    SurgeClass[] classes = new SurgeClass[trace.length()];
    Arrays.fill(classes, SurgeClass.NORMAL);
    for (int t = rules.warmupTicks(); t < trace.length(); t++) {
      if (trace.masked()[t]) {
        continue;
      }
      int from = Math.max(0, t + 1 - rules.windowTicks());
      double[] hits = Arrays.copyOfRange(trace.hits(), from, t + 1);
      DemandWindow window = new DemandWindow(hits, trace.topKeyShare()[t], trace.distinctKeys()[t]);
      classes[t] = forecast.forecast(window).surgeClass();
    }
    return classes;
  }

  private void scoreEvents(LabelledTrace trace, SurgeClass[] classes, FamilyScore score) {
    int lastAlarm = Integer.MIN_VALUE / 2;
    for (int t = 0; t < classes.length; t++) {
      if (classes[t] == SurgeClass.NORMAL) {
        continue;
      }
      if (t - lastAlarm > rules.mergeGapTicks() + 1) {
        score.addEvent(classifyEvent(trace, t));
      }
      lastAlarm = t;
    }
  }

  private FamilyScore.EventKind classifyEvent(LabelledTrace trace, int start) {
    for (LabelledTrace.Surge surge : trace.surges()) {
      if (start >= surge.onset() - rules.earlyTicks()
          && start <= surge.onset() - rules.leadTicks()) {
        return FamilyScore.EventKind.TRUE_POSITIVE;
      }
    }
    for (LabelledTrace.Surge surge : trace.surges()) {
      if (start > surge.onset() - rules.leadTicks() && start <= surge.end()) {
        return FamilyScore.EventKind.LATE;
      }
    }
    return FamilyScore.EventKind.FALSE_POSITIVE;
  }

  private void scoreSurge(
      LabelledTrace trace, LabelledTrace.Surge surge, SurgeClass[] classes, FamilyScore score) {
    int from = Math.max(0, surge.onset() - rules.earlyTicks());
    int firstAlarm = -1;
    for (int t = from; t <= surge.end() && t < classes.length; t++) {
      if (classes[t] != SurgeClass.NORMAL) {
        firstAlarm = t;
        break;
      }
    }
    boolean warned =
        firstAlarm >= 0 && hasEventStartIn(classes, from, surge.onset() - rules.leadTicks());

    score.addSurge(warned, firstAlarm >= 0 ? surge.onset() - firstAlarm : null);
    score.addClassVote(
        trace.expectedClass(), voteClass(classes, from, surge.onset() + rules.classTicks()));
  }

  /** Returns whether an alarm event (after merging) starts within [from, to]. */
  private boolean hasEventStartIn(SurgeClass[] classes, int from, int to) {
    int lastAlarm = Integer.MIN_VALUE / 2;
    for (int t = 0; t <= Math.min(to, classes.length - 1); t++) {
      if (classes[t] == SurgeClass.NORMAL) {
        continue;
      }
      if (t - lastAlarm > rules.mergeGapTicks() + 1 && t >= from) {
        return true;
      }
      lastAlarm = t;
    }
    return false;
  }

  /** Returns the majority alarm class in [from, to], NORMAL if no alarm; ties go to DDOS. */
  private static SurgeClass voteClass(SurgeClass[] classes, int from, int to) {
    int surges = 0;
    int attacks = 0;
    for (int t = Math.max(0, from); t <= Math.min(to, classes.length - 1); t++) {
      surges += classes[t] == SurgeClass.SURGE ? 1 : 0;
      attacks += classes[t] == SurgeClass.DDOS ? 1 : 0;
    }
    if (surges + attacks == 0) {
      return SurgeClass.NORMAL;
    }
    return attacks >= surges ? SurgeClass.DDOS : SurgeClass.SURGE;
  }

  private long countEvaluatedTicks(LabelledTrace trace) {
    long count = 0;
    for (int t = rules.warmupTicks(); t < trace.length(); t++) {
      count += trace.masked()[t] ? 0 : 1;
    }
    return count;
  }
}
