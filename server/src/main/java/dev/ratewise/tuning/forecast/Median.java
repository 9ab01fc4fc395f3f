package dev.ratewise.tuning.forecast;

import java.util.Arrays;

/** Median of a slice of an array, used where one burst must not move a level. */
final class Median {

  private Median() {}

  /** Returns the median of {@code values[from, to)}, or 0 when the slice is empty. */
  static double of(double[] values, int from, int to) {
    if (to <= from) {
      return 0.0;
    }

    double[] sorted = Arrays.copyOfRange(values, from, to);
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
  }
}
