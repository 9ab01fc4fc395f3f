package dev.ratewise.tuning.forecast;

import java.util.Random;

/**
 * Modelled top-3 key share and distinct key count per second of a generated trace, over the last 30
 * s; the model is described on {@link SyntheticTraces}.
 */
record KeyStatistics(double[] topKeyShare, int[] distinctKeys) {

  /** Gaussian noise on the modelled top-3 share, as a standard deviation in share units. */
  private static final double SHARE_NOISE = 0.01;

  static KeyStatistics model(
      Random random, double base, int attackers, double[] backgroundHits, double[] attackHits) {
    double backgroundShare = SyntheticTraces.uniform(random, 0.05, 0.25);
    double backgroundKeys = SyntheticTraces.uniform(random, 300, 3000);
    int length = backgroundHits.length;
    double[] share = new double[length];
    int[] keys = new int[length];

    double backgroundSum = 0.0;
    double attackSum = 0.0;
    for (int t = 0; t < length; t++) {
      backgroundSum += backgroundHits[t];
      attackSum += attackHits[t];
      if (t >= SyntheticTraces.KEY_SPAN_SECONDS) {
        backgroundSum -= backgroundHits[t - SyntheticTraces.KEY_SPAN_SECONDS];
        attackSum -= attackHits[t - SyntheticTraces.KEY_SPAN_SECONDS];
      }
      double total = backgroundSum + attackSum;
      double topHits = attackSum + backgroundShare * backgroundSum;
      double noisy = total > 0.0 ? topHits / total + SHARE_NOISE * random.nextGaussian() : 0.0;
      share[t] = Math.max(0.0, Math.min(1.0, noisy));
      double load = backgroundSum / (SyntheticTraces.KEY_SPAN_SECONDS * base);
      keys[t] = (int) Math.round(backgroundKeys * Math.pow(Math.max(0.0, load), 0.8));
      keys[t] += attackSum > 0.5 ? attackers : 0;
    }
    return new KeyStatistics(share, keys);
  }
}
