package dev.ratewise.tuning.forecast;

/**
 * How {@link AlarmReplay} replays traces and scores alarms; every field is in ticks.
 *
 * <p>An alarm tick is a tick whose forecast class is SURGE or DDOS. Alarm ticks separated by at
 * most {@code mergeGapTicks} quiet ticks form one alarm event, dated by its first tick e. For a
 * surge with onset o, the event is a true positive if o − earlyTicks ≤ e ≤ o − leadTicks, late if o
 * − leadTicks < e ≤ end of the surge span (neither true nor false), and a false positive otherwise.
 *
 * @param warmupTicks ticks that only fill the window before the first forecast
 * @param windowTicks ticks of history handed to each forecast
 * @param leadTicks least warning that counts, the 30 s rule
 * @param earlyTicks W: earliest warning that counts
 * @param mergeGapTicks quiet ticks that still join two alarm runs into one event
 * @param classTicks ticks after the onset whose alarm classes vote on the trace's class
 * @param ticksPerHour ticks in an hour, to turn false positives into a rate
 */
record ReplayRules(
    int warmupTicks,
    int windowTicks,
    int leadTicks,
    int earlyTicks,
    int mergeGapTicks,
    int classTicks,
    double ticksPerHour) {

  /** Rules for generated per-second traces: 30 s lead, W = 300 s, 30 min windows. */
  static ReplayRules perSecond() {
    return new ReplayRules(1800, 1800, 30, 300, 30, 60, 3600.0);
  }
}
