package dev.ratewise.tuning.forecast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alarm figures of one forecast on one trace family, filled by {@link AlarmReplay}. */
final class FamilyScore {

  /** How an alarm event counts; see {@link ReplayRules}. */
  enum EventKind {
    TRUE_POSITIVE,
    LATE,
    FALSE_POSITIVE
  }

  private final Map<EventKind, Integer> events = new EnumMap<>(EventKind.class);
  private final List<Integer> leadTicks = new ArrayList<>();
  private final Map<SurgeClass, Map<SurgeClass, Integer>> confusion =
      new EnumMap<>(SurgeClass.class);
  private int surges;
  private int warnedSurges;
  private long evaluatedTicks;

  void addEvent(EventKind kind) {
    events.merge(kind, 1, Integer::sum);
  }

  /** Adds a surge; {@code lead} is onset − first alarm tick, null if no alarm near it. */
  void addSurge(boolean warned, Integer lead) {
    surges++;
    warnedSurges += warned ? 1 : 0;
    if (lead != null) {
      leadTicks.add(lead);
    }
  }

  void addClassVote(SurgeClass expected, SurgeClass voted) {
    confusion
        .computeIfAbsent(expected, key -> new EnumMap<>(SurgeClass.class))
        .merge(voted, 1, Integer::sum);
  }

  void addEvaluatedTicks(long ticks) {
    evaluatedTicks += ticks;
  }

  int events(EventKind kind) {
    return events.getOrDefault(kind, 0);
  }

  int surges() {
    return surges;
  }

  /** Returns warned surges over surges, or NaN without surges. */
  double recall() {
    return surges == 0 ? Double.NaN : (double) warnedSurges / surges;
  }

  /** Returns true positive events over true and false positive events, or NaN without either. */
  double precision() {
    int positives = events(EventKind.TRUE_POSITIVE) + events(EventKind.FALSE_POSITIVE);
    return positives == 0 ? Double.NaN : (double) events(EventKind.TRUE_POSITIVE) / positives;
  }

  /** Returns the median of onset − first alarm tick over surges with an alarm, or NaN. */
  double medianLeadTicks() {
    if (leadTicks.isEmpty()) {
      return Double.NaN;
    }
    List<Integer> sorted = new ArrayList<>(leadTicks);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
  }

  /** Returns false positive events per hour of evaluated ticks. */
  double falseAlarmsPerHour(double ticksPerHour) {
    return evaluatedTicks == 0
        ? Double.NaN
        : events(EventKind.FALSE_POSITIVE) / (evaluatedTicks / ticksPerHour);
  }

  /**
   * Returns the recall that alarms at this family's false alarm rate would reach by chance: the
   * probability that a Poisson stream of false alarms starts one in a TP window of {@code
   * windowTicks}.
   */
  double chanceRecall(double ticksPerHour, int windowTicks) {
    double rate = falseAlarmsPerHour(ticksPerHour);
    return Double.isFinite(rate) ? 1.0 - Math.exp(-rate * windowTicks / ticksPerHour) : Double.NaN;
  }

  /** Returns how many surges of class {@code expected} were voted {@code voted}. */
  int classVotes(SurgeClass expected, SurgeClass voted) {
    return confusion.getOrDefault(expected, Map.of()).getOrDefault(voted, 0);
  }

  /** Returns the figures as an ordered map for the JSON report. */
  Map<String, Object> toReport(ReplayRules rules) {
    double ticksPerHour = rules.ticksPerHour();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("surges", surges);
    report.put("recall", finiteOrNull(recall()));
    report.put("precision", finiteOrNull(precision()));
    report.put("truePositiveEvents", events(EventKind.TRUE_POSITIVE));
    report.put("falsePositiveEvents", events(EventKind.FALSE_POSITIVE));
    report.put("lateEvents", events(EventKind.LATE));
    report.put("medianLeadTicks", finiteOrNull(medianLeadTicks()));
    report.put("evaluatedHours", evaluatedTicks / ticksPerHour);
    report.put("falseAlarmsPerHour", finiteOrNull(falseAlarmsPerHour(ticksPerHour)));
    int window = rules.earlyTicks() - rules.leadTicks() + 1;
    report.put("chanceRecall", finiteOrNull(chanceRecall(ticksPerHour, window)));
    Map<String, Object> votes = new LinkedHashMap<>();
    confusion.forEach((expected, row) -> votes.put(expected.name(), new LinkedHashMap<>(row)));
    report.put("classVotes", votes);
    return report;
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
