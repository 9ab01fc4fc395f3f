package dev.ratewise.tuning.forecast;

/** Builds the Holt baseline forecast; start from {@link SurgeForecasts#holtBuilder()}. */
public final class HoltBuilder {

  private int horizonSeconds = 30;
  private double levelSeconds = 10.0;
  private double trendSeconds = 30.0;
  private double baselineSeconds = 900.0;
  private double surgeRatio = 1.5;
  private double minimumSurgeRate = 1.0;

  HoltBuilder() {}

  /** Sets how far ahead to forecast, in seconds (window entries); default 30. */
  public HoltBuilder horizonSeconds(int seconds) {
    this.horizonSeconds = seconds;
    return this;
  }

  /** Sets the time constant of the level, in seconds; default 10 (α ≈ 0.095). */
  public HoltBuilder levelSeconds(double seconds) {
    this.levelSeconds = seconds;
    return this;
  }

  /** Sets the time constant of the trend, in seconds; default 30 (β ≈ 0.033). */
  public HoltBuilder trendSeconds(double seconds) {
    this.trendSeconds = seconds;
    return this;
  }

  /** Sets the time constant of the slow baseline, in seconds; default 900. */
  public HoltBuilder baselineSeconds(double seconds) {
    this.baselineSeconds = seconds;
    return this;
  }

  /** Sets k, the forecast over baseline ratio that alarms, dimensionless; default 1.5. */
  public HoltBuilder surgeRatio(double ratio) {
    this.surgeRatio = ratio;
    return this;
  }

  /** Sets the minimum forecast rate that can alarm, in requests per second; default 1. */
  public HoltBuilder minimumSurgeRate(double requestsPerSecond) {
    this.minimumSurgeRate = requestsPerSecond;
    return this;
  }

  /**
   * Builds the forecast.
   *
   * @throws IllegalArgumentException if a setting is out of range; the message names it
   */
  public SurgeForecast build() {
    BuilderChecks.requireAtLeast("horizonSeconds", horizonSeconds, 1);
    BuilderChecks.requirePositive("levelSeconds", levelSeconds);
    BuilderChecks.requirePositive("trendSeconds", trendSeconds);
    BuilderChecks.requirePositive("baselineSeconds", baselineSeconds);
    BuilderChecks.requireAtLeast("surgeRatio", surgeRatio, 1.0);
    BuilderChecks.requireAtLeast("minimumSurgeRate", minimumSurgeRate, 0.0);

    return new HoltForecast(
        horizonSeconds, levelSeconds, trendSeconds, baselineSeconds, surgeRatio, minimumSurgeRate);
  }
}
