package dev.ratewise.tuning.forecast;

/**
 * Tells a DDOS from a broad SURGE by how much of the demand growth the 3 busiest keys could carry.
 *
 * <p>Growth concentration is {@code topKeyShare × currentRate / (currentRate − baselineRate)}: the
 * hits of the top keys per unit of growth. It is at least 1 when a few keys alone cause the growth.
 * Under a broad surge it stays near {@code topKeyShare × ratio / (ratio − 1)}. For example, with a
 * top share of 0.15 and demand at 2× baseline, it is 0.3. The absolute share floor keeps a small
 * early rise from looking concentrated: at 1.1× baseline that formula returns 1.65 even for broad
 * traffic.
 *
 * <p>NOTE: the three thresholds were checked only against the modelled key statistics of the
 * generated traces, because the WorldCup trace has no per-key data.
 */
final class KeyConcentration {

  /** Minimum distinct keys for which the top-3 share carries information. Below it, SURGE. */
  static final int MIN_DISTINCT_KEYS = 10;

  /** Minimum share (0..1) of the last ~30 s of hits from the 3 busiest keys for a DDOS. */
  static final double MIN_TOP_KEY_SHARE = 0.35;

  /** Minimum growth concentration (hits of the top keys per unit of growth) for a DDOS. */
  static final double MIN_GROWTH_CONCENTRATION = 0.7;

  private KeyConcentration() {}

  /** Classifies an alarm raised on {@code window} as DDOS or SURGE; rates in requests/s. */
  static SurgeClass classifyAlarm(DemandWindow window, double currentRate, double baselineRate) {
    if (window.distinctKeys() < MIN_DISTINCT_KEYS) {
      return SurgeClass.SURGE;
    }
    if (window.topKeyShare() < MIN_TOP_KEY_SHARE) {
      return SurgeClass.SURGE;
    }

    double growth = currentRate - baselineRate;
    boolean concentrated =
        growth <= 0.0 || window.topKeyShare() * currentRate / growth >= MIN_GROWTH_CONCENTRATION;
    return concentrated ? SurgeClass.DDOS : SurgeClass.SURGE;
  }
}
