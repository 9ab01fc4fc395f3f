package dev.ratewise.tuning.forecast;

import java.util.List;

/**
 * Demand trace with labelled surges, replayed one tick at a time by {@link AlarmReplay}.
 *
 * @param name trace name for logs, such as {@code flash-crowd-7}
 * @param family trace family, the row of the figures table
 * @param hits hits per tick (per second for generated traces, per minute for WorldCup)
 * @param topKeyShare share of the last 30 ticks' hits from the 3 busiest keys, per tick
 * @param distinctKeys distinct keys in the last 30 ticks, per tick
 * @param masked ticks whose alarms are ignored, such as log-split steps; may be all false
 * @param surges labelled surges, empty for quiet traffic
 * @param expectedClass class a correct forecast gives the surges, NORMAL for quiet traffic
 */
record LabelledTrace(
    String name,
    String family,
    double[] hits,
    double[] topKeyShare,
    int[] distinctKeys,
    boolean[] masked,
    List<Surge> surges,
    SurgeClass expectedClass) {

  /**
   * One labelled surge.
   *
   * @param onset first tick of the surge by the family's onset rule
   * @param end last tick of the surge span; alarms that start in (onset − lead, end] are late
   */
  record Surge(int onset, int end) {}

  int length() {
    return hits.length;
  }
}
