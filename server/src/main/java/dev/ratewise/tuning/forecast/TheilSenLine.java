package dev.ratewise.tuning.forecast;

/**
 * Robust straight line through equally spaced points: the Theil–Sen slope (median of all pairwise
 * slopes) and a median intercept.
 *
 * <p>Up to about 29% of the points can be outliers, such as a short burst of retries, before the
 * slope breaks down, where a least-squares slope would follow one extreme point.
 *
 * @param slope change per step
 * @param levelAtEnd fitted value at the last point
 * @param residualScale robust standard deviation of the residuals: 1.4826 × their median absolute
 *     deviation, which equals the standard deviation for Gaussian residuals
 * @param points number of points fitted
 */
record TheilSenLine(double slope, double levelAtEnd, double residualScale, int points) {

  /** Consistency factor that turns a median absolute deviation into a standard deviation. */
  private static final double MAD_TO_SIGMA = 1.4826;

  /** Fits the line to {@code y}, with point {@code i} at position {@code i}; needs 2 points. */
  static TheilSenLine fit(double[] y) {
    int n = y.length;
    if (n < 2) {
      return new TheilSenLine(0.0, n == 1 ? y[0] : 0.0, 0.0, n);
    }

    double[] pairSlopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        pairSlopes[k++] = (y[j] - y[i]) / (j - i);
      }
    }
    double slope = Median.of(pairSlopes, 0, k);

    double[] intercepts = new double[n];
    for (int i = 0; i < n; i++) {
      intercepts[i] = y[i] - slope * (i - (n - 1));
    }
    double levelAtEnd = Median.of(intercepts, 0, n);

    double[] deviations = new double[n];
    for (int i = 0; i < n; i++) {
      deviations[i] = Math.abs(intercepts[i] - levelAtEnd);
    }
    double residualScale = MAD_TO_SIGMA * Median.of(deviations, 0, n);
    return new TheilSenLine(slope, levelAtEnd, residualScale, n);
  }

  /**
   * Returns the sum of squared distances of the positions 0..n-1 from their mean, n(n²-1)/12, which
   * scales the standard error of a slope.
   */
  double positionSpread() {
    return points * ((double) points * points - 1.0) / 12.0;
  }
}
