package dev.ratewise.bench;

/**
 * One performance target next to its measured value.
 *
 * @param measure what is measured, such as "in-process store throughput"
 * @param target the target as written in docs/performance.md, such as ">= 0.85x baseline"
 * @param measured the measured ratio or value; NaN when the benchmark could not run
 * @param met whether the measured value meets the target
 */
record TargetCheck(String measure, String target, double measured, boolean met) {
  /** Returns a check that the ratio is at least {@code minimum}. */
  static TargetCheck atLeast(String measure, double minimum, double measured) {
    return new TargetCheck(measure, ">= " + minimum + "x", measured, measured >= minimum);
  }

  /** Returns a check that the ratio is at most {@code maximum}. */
  static TargetCheck atMost(String measure, double maximum, double measured) {
    return new TargetCheck(measure, "<= " + maximum + "x", measured, measured <= maximum);
  }

  /** Returns a check for a benchmark that did not run, with the reason. */
  static TargetCheck notRun(String measure, String target, String reason) {
    return new TargetCheck(measure, target + " (not run: " + reason + ")", Double.NaN, false);
  }
}
