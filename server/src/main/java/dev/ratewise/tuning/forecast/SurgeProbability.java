package dev.ratewise.tuning.forecast;

/**
 * Turns a z-score into a probability with the logistic approximation of the normal distribution,
 * {@code 1 / (1 + exp(−1.702 z))}, which differs from Φ(z) by less than 0.01 everywhere.
 */
final class SurgeProbability {

  /** Scale at which the logistic curve matches Φ to within 0.01 (a long-known constant). */
  private static final double LOGISTIC_SCALE = 1.702;

  private SurgeProbability() {}

  /** Returns about P(Z ≤ z) for a standard normal Z; infinite z maps to 0 or 1. */
  static double ofZScore(double z) {
    if (Double.isNaN(z)) {
      return 0.0;
    }
    return 1.0 / (1.0 + Math.exp(-LOGISTIC_SCALE * z));
  }

  /** Returns the z-score of {@code margin} against {@code standardError}, guarding zero errors. */
  static double zScore(double margin, double standardError) {
    if (standardError > 0.0) {
      return margin / standardError;
    }
    if (margin == 0.0) {
      return 0.0;
    }
    return margin > 0.0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
  }
}
