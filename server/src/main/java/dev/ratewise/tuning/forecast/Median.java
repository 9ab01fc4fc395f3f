package dev.ratewise.tuning.forecast;

import java.util.Arrays;

/** Median of a slice of an array, used where one burst must not move a level. */
final class Median {

  private Median() {}

  /**
   * Returns the median of {@code values[from, to)}, or 0 when the slice is empty. Uses quickselect
   * on a copy, so one call costs O(n) on average instead of the O(n log n) of a sort.
   */
  static double of(double[] values, int from, int to) {
    if (to <= from) {
      return 0.0;
    }

    double[] copy = Arrays.copyOfRange(values, from, to);
    int middle = copy.length / 2;
    double upper = select(copy, middle);
    if (copy.length % 2 == 1) {
      return upper;
    }
    // After select, every value left of the middle is at most the upper median.
    double lower = copy[0];
    for (int i = 1; i < middle; i++) {
      lower = Math.max(lower, copy[i]);
    }
    return (lower + upper) / 2.0;
  }

  /** Returns the k-th smallest value and partially orders {@code a} around index k. */
  private static double select(double[] a, int k) {
    int left = 0;
    int right = a.length - 1;
    while (left < right) {
      double pivot = a[(left + right) >>> 1];
      int i = left;
      int j = right;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double swap = a[i];
          a[i++] = a[j];
          a[j--] = swap;
        }
      }
      if (k <= j) {
        right = j;
      } else if (k >= i) {
        left = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }
}
