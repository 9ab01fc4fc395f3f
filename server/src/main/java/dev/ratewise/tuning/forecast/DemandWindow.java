package dev.ratewise.tuning.forecast;

/**
 * Demand seen by one adaptive rule: per-second hit counts, oldest first, the last entry the most
 * recent complete second.
 *
 * <p>The compact constructor never throws: a null array becomes an empty one, and an out-of-range
 * share or a negative key count is clamped, because the forecast must keep working on whatever
 * telemetry it receives.
 *
 * @param hitsPerSecond hits per second, oldest first; the array is copied
 * @param topKeyShare share (0..1) of the last ~30 s of hits that came from the 3 busiest keys
 *     (tenants or source addresses)
 * @param distinctKeys distinct keys seen in the same ~30 s span
 */
public record DemandWindow(double[] hitsPerSecond, double topKeyShare, int distinctKeys) {

  public DemandWindow {
    hitsPerSecond = hitsPerSecond == null ? new double[0] : hitsPerSecond.clone();
    topKeyShare = Double.isNaN(topKeyShare) ? 0.0 : Math.max(0.0, Math.min(1.0, topKeyShare));
    distinctKeys = Math.max(0, distinctKeys);
  }

  /** Returns a copy of the per-second hit counts, so callers cannot change this window. */
  @Override
  public double[] hitsPerSecond() {
    return hitsPerSecond.clone();
  }

  /** Returns the number of seconds in the window. */
  public int length() {
    return hitsPerSecond.length;
  }

  /** Returns the hit count of one second without copying the array. */
  public double hitsAt(int second) {
    return hitsPerSecond[second];
  }
}
