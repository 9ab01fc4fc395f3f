package dev.ratewise.tuning.forecast;

/**
 * Builds the robust damped-trend forecast; start from {@link SurgeForecasts#robustTrendBuilder()}.
 */
public final class RobustTrendBuilder {

  /** Maximum blocks in the trend span, because Theil–Sen computes B²/2 slopes per call. */
  static final int MAX_TREND_BLOCKS = 120;

  private int horizonSeconds = 30;
  private int blockSeconds = 5;
  private int trendBlocks = 12;
  private int baselineSeconds = 1740;
  private double dampingPerSecond = 0.98;
  private double surgeRatio = 1.5;
  private double cusumAllowance = Math.log(1.1);
  private double cusumThreshold = 1.0;
  private double alarmProbability = 0.5;
  private double minimumSurgeRate = 1.0;

  RobustTrendBuilder() {}

  /** Sets how far ahead to forecast, in seconds (window entries); default 30. */
  public RobustTrendBuilder horizonSeconds(int seconds) {
    this.horizonSeconds = seconds;
    return this;
  }

  /** Sets the length of one trend block, in seconds; default 5. */
  public RobustTrendBuilder blockSeconds(int seconds) {
    this.blockSeconds = seconds;
    return this;
  }

  /** Sets the number of blocks in the trend span; default 12 (60 s with 5 s blocks). */
  public RobustTrendBuilder trendBlocks(int blocks) {
    this.trendBlocks = blocks;
    return this;
  }

  /**
   * Sets the longest baseline span before the trend span, in seconds; default 1740, so a 30 min
   * window is used in full. Seasonal swings slower than the window look like surges.
   */
  public RobustTrendBuilder baselineSeconds(int seconds) {
    this.baselineSeconds = seconds;
    return this;
  }

  /** Sets the trend damping factor φ per second, in (0, 1]; default 0.98 (half-life 34 s). */
  public RobustTrendBuilder dampingPerSecond(double phi) {
    this.dampingPerSecond = phi;
    return this;
  }

  /** Sets k, the demand over baseline ratio that counts as a surge, dimensionless; default 1.5. */
  public RobustTrendBuilder surgeRatio(double ratio) {
    this.surgeRatio = ratio;
    return this;
  }

  /** Sets δ, the CUSUM allowance in natural-log units per block; default ln 1.1 (10% excess). */
  public RobustTrendBuilder cusumAllowance(double logUnits) {
    this.cusumAllowance = logUnits;
    return this;
  }

  /** Sets h, the CUSUM threshold in natural-log units times blocks; default 1.0. */
  public RobustTrendBuilder cusumThreshold(double logUnitBlocks) {
    this.cusumThreshold = logUnitBlocks;
    return this;
  }

  /** Sets the minimum surge probability that raises an alarm, in [0, 1]; default 0.5. */
  public RobustTrendBuilder alarmProbability(double probability) {
    this.alarmProbability = probability;
    return this;
  }

  /** Sets the minimum forecast rate that can alarm, in requests per second; default 1. */
  public RobustTrendBuilder minimumSurgeRate(double requestsPerSecond) {
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
    BuilderChecks.requireAtLeast("blockSeconds", blockSeconds, 1);
    BuilderChecks.requireBetween("trendBlocks", trendBlocks, 3, MAX_TREND_BLOCKS);
    BuilderChecks.requireAtLeast("baselineSeconds", baselineSeconds, 1);
    BuilderChecks.requireBetween("dampingPerSecond", dampingPerSecond, Double.MIN_VALUE, 1.0);
    BuilderChecks.requireAtLeast("surgeRatio", surgeRatio, 1.0);
    BuilderChecks.requireAtLeast("cusumAllowance", cusumAllowance, 0.0);
    BuilderChecks.requireAtLeast("cusumThreshold", cusumThreshold, 0.0);
    BuilderChecks.requireBetween("alarmProbability", alarmProbability, 0.0, 1.0);
    BuilderChecks.requireAtLeast("minimumSurgeRate", minimumSurgeRate, 0.0);

    return new RobustTrendForecast(
        new RobustTrendSettings(
            horizonSeconds,
            blockSeconds,
            trendBlocks,
            baselineSeconds,
            dampingPerSecond,
            surgeRatio,
            cusumAllowance,
            cusumThreshold,
            alarmProbability,
            minimumSurgeRate));
  }
}
