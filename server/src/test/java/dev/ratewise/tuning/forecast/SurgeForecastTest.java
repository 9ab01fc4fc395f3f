package dev.ratewise.tuning.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Contract checks that both forecasts must pass on small hand-made windows. */
class SurgeForecastTest {

  static Stream<Arguments> forecasts() {
    return Stream.of(
        Arguments.of("holt", SurgeForecasts.holt()),
        Arguments.of("robust-trend", SurgeForecasts.robustTrend()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void emptyWindow_normalWithZeroRate(String name, SurgeForecast forecast) {
    Forecast result = forecast.forecast(new DemandWindow(new double[0], 0.0, 0));

    assertEquals(SurgeClass.NORMAL, result.surgeClass());
    assertEquals(0.0, result.currentRate());
    assertEquals(0.0, result.probability());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void nullHits_treatedAsEmpty(String name, SurgeForecast forecast) {
    Forecast result = forecast.forecast(new DemandWindow(null, Double.NaN, -3));

    assertEquals(SurgeClass.NORMAL, result.surgeClass());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void allZeros_normal(String name, SurgeForecast forecast) {
    Forecast result = forecast.forecast(new DemandWindow(new double[1800], 0.0, 0));

    assertEquals(SurgeClass.NORMAL, result.surgeClass());
    assertEquals(0.0, result.forecastRate());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void shortWindows_returnFiniteForecasts(String name, SurgeForecast forecast) {
    for (int length = 1; length <= 100; length++) {
      double[] hits = new double[length];
      hits[length - 1] = 50.0;

      Forecast result = forecast.forecast(new DemandWindow(hits, 0.5, 20));

      assertTrue(Double.isFinite(result.forecastRate()), "forecast rate at length " + length);
      assertTrue(
          result.probability() >= 0.0 && result.probability() <= 1.0,
          "probability at length " + length);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void steadyNoisyDemand_normal(String name, SurgeForecast forecast) {
    double[] hits = noisy(1800, 200.0, new Random(1));

    Forecast result = forecast.forecast(new DemandWindow(hits, 0.1, 1000));

    assertEquals(SurgeClass.NORMAL, result.surgeClass());
    assertTrue(result.probability() < 0.5, "probability " + result.probability());
    assertEquals(200.0, result.currentRate(), 20.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void broadRampNearSurgeLevel_surge(String name, SurgeForecast forecast) {
    double[] hits = rampingTail(0.1, new Random(2));

    Forecast result = forecast.forecast(new DemandWindow(hits, 0.1, 1500));

    assertEquals(SurgeClass.SURGE, result.surgeClass());
    assertTrue(result.forecastRate() > result.currentRate(), "forecast above current rate");
    assertTrue(result.probability() >= 0.5, "probability " + result.probability());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void concentratedRampNearSurgeLevel_ddos(String name, SurgeForecast forecast) {
    double[] hits = rampingTail(0.1, new Random(3));

    Forecast result = forecast.forecast(new DemandWindow(hits, 0.6, 1000));

    assertEquals(SurgeClass.DDOS, result.surgeClass());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void concentratedRampFewKeys_surge(String name, SurgeForecast forecast) {
    double[] hits = rampingTail(0.1, new Random(4));

    Forecast result = forecast.forecast(new DemandWindow(hits, 1.0, 3));

    assertEquals(SurgeClass.SURGE, result.surgeClass());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forecasts")
  void negativeHits_finiteForecast(String name, SurgeForecast forecast) {
    double[] hits = new double[600];
    Arrays.fill(hits, -5.0);

    Forecast result = forecast.forecast(new DemandWindow(hits, 0.1, 100));

    assertTrue(Double.isFinite(result.forecastRate()), "forecast rate " + result.forecastRate());
    assertTrue(Double.isFinite(result.probability()), "probability " + result.probability());
  }

  @Test
  void robustTrend_shortBurstAtWindowEnd_normal() {
    double[] hits = noisy(1800, 200.0, new Random(5));
    for (int t = 1790; t < 1800; t++) {
      hits[t] = 500.0;
    }

    Forecast result = SurgeForecasts.robustTrend().forecast(new DemandWindow(hits, 0.1, 1000));

    assertEquals(SurgeClass.NORMAL, result.surgeClass());
  }

  @Test
  void robustTrendBuilder_invalidSetting_namesIt() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> SurgeForecasts.robustTrendBuilder().dampingPerSecond(1.5).build());

    assertTrue(error.getMessage().contains("dampingPerSecond"), error.getMessage());
  }

  @Test
  void holtBuilder_invalidSetting_namesIt() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> SurgeForecasts.holtBuilder().horizonSeconds(0).build());

    assertTrue(error.getMessage().contains("horizonSeconds"), error.getMessage());
  }

  @Test
  void demandWindow_copiesHits() {
    double[] hits = {1.0, 2.0};
    DemandWindow window = new DemandWindow(hits, 0.2, 5);

    hits[0] = 99.0;
    window.hitsPerSecond()[1] = 99.0;

    assertEquals(1.0, window.hitsAt(0));
    assertEquals(2.0, window.hitsAt(1));
  }

  /** Returns 1800 s at 200 hits/s whose last 120 s ramp linearly up to 1.45× with noise. */
  private static double[] rampingTail(double noise, Random random) {
    double[] hits = noisy(1800, 200.0, random);
    for (int t = 1680; t < 1800; t++) {
      double factor = 1.0 + 0.45 * (t - 1680) / 119.0;
      hits[t] = 200.0 * factor * (1.0 + noise * random.nextGaussian());
    }
    return hits;
  }

  private static double[] noisy(int length, double mean, Random random) {
    double[] hits = new double[length];
    for (int t = 0; t < length; t++) {
      hits[t] = Math.max(0.0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
    return hits;
  }
}
