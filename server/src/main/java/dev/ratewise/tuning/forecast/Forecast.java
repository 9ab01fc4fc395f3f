package dev.ratewise.tuning.forecast;

/**
 * Result of one surge forecast.
 *
 * @param currentRate smoothed demand now, in requests per second
 * @param forecastRate expected demand at the forecast horizon, in requests per second
 * @param surgeClass expected kind of change within the horizon
 * @param probability score in [0,1] that the class is SURGE or DDOS; for NORMAL it is the
 *     probability of a surge anyway, so callers can apply their own threshold
 */
public record Forecast(
    double currentRate, double forecastRate, SurgeClass surgeClass, double probability) {

  /** Returns a NORMAL forecast with a flat rate and no surge probability. */
  static Forecast flat(double rate) {
    return new Forecast(rate, rate, SurgeClass.NORMAL, 0.0);
  }

  /** Returns whether the class is SURGE or DDOS. */
  public boolean isAlarm() {
    return surgeClass != SurgeClass.NORMAL;
  }
}
