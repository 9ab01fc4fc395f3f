package dev.ratewise.tuning.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the quickselect median against a sort. */
class ForecastMedianTest {

  @Test
  void emptySlice_zero() {
    assertEquals(0.0, Median.of(new double[] {1.0, 2.0}, 1, 1));
  }

  @Test
  void oddAndEvenSlices_middleValues() {
    double[] values = {9.0, 1.0, 5.0, 3.0, 7.0};

    assertEquals(5.0, Median.of(values, 0, 5));
    assertEquals(4.0, Median.of(values, 1, 5));
  }

  @Test
  void randomSlicesWithTies_matchSortedMedian() {
    Random random = new Random(11);
    for (int length = 1; length <= 60; length++) {
      double[] values = new double[length];
      for (int i = 0; i < length; i++) {
        values[i] = random.nextInt(5);
      }
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      double expected =
          length % 2 == 1
              ? sorted[length / 2]
              : (sorted[length / 2 - 1] + sorted[length / 2]) / 2.0;

      assertEquals(expected, Median.of(values, 0, length), "length " + length);
    }
  }
}
