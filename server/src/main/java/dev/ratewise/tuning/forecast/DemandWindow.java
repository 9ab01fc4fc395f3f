package dev.ratewise.tuning.forecast;

/**
 * Demand seen by one adaptive rule.
 *
 * @param hitsPerSecond per-second hit counts, oldest first; the last entry is the most recent
 *     complete second
 * @param topKeyShare share, 0 to 1, of the last 30 s of hits that came from the 3 busiest keys
 * @param distinctKeys distinct keys (tenants or source addresses) seen in that span
 */
public record DemandWindow(double[] hitsPerSecond, double topKeyShare, int distinctKeys) {}
