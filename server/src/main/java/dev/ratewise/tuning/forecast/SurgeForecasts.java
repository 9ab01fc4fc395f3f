package dev.ratewise.tuning.forecast;

/**
 * Creates the surge forecasts. Use {@link #robustTrend()} in the tuning loop; {@link #holt()} is
 * the baseline it was measured against.
 */
public final class SurgeForecasts {

  private SurgeForecasts() {}

  /** Returns the robust damped-trend forecast with its defaults (30 s horizon, k = 1.5). */
  public static SurgeForecast robustTrend() {
    return robustTrendBuilder().build();
  }

  /** Returns a builder for the robust damped-trend forecast. */
  public static RobustTrendBuilder robustTrendBuilder() {
    return new RobustTrendBuilder();
  }

  /** Returns Holt's linear trend forecast with its defaults (30 s horizon, k = 1.5). */
  public static SurgeForecast holt() {
    return holtBuilder().build();
  }

  /** Returns a builder for Holt's linear trend forecast. */
  public static HoltBuilder holtBuilder() {
    return new HoltBuilder();
  }
}
