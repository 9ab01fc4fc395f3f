package dev.ratewise.tuning;

/** Per-second request counts of adaptive rules: this replica's own, or the whole fleet's. */
public interface TrafficCounts {
  /** Index of hits in each row of {@link #perSecond}. */
  int HITS = 0;
  /** Index of allowed hits. */
  int ALLOWED = 1;
  /** Index of denied hits. */
  int DENIED = 2;

  /**
   * Returns hits, allowed and denied of one rule for {@code seconds} consecutive epoch seconds
   * starting at {@code firstSecond}, as {@code [3][seconds]}; seconds not seen count 0.
   */
  long[][] perSecond(String rule, long firstSecond, int seconds);
}
