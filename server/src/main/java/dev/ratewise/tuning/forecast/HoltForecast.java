package dev.ratewise.tuning.forecast;

/**
 * Baseline surge forecast: Holt's linear trend (double exponential smoothing) on raw hits per
 * second, with an alarm when the forecast at the horizon reaches the surge ratio times a slow
 * baseline.
 *
 * <p>Design. Per second t with hits x(t), and smoothing factors α = 1 − exp(−1/τ) from the time
 * constants τ below:
 *
 * <pre>
 *   level(t)    = level(t−1) + trend(t−1) + α_level · e(t),  e(t) = x(t) − level(t−1) − trend(t−1)
 *   trend(t)    = trend(t−1) + α_trend · (level(t) − level(t−1) − trend(t−1))
 *   baseline(t) = baseline(t−1) + α_baseline · (x(t) − baseline(t−1))
 *   forecast    = max(0, level + h · trend)      alarm when forecast ≥ k · baseline
 * </pre>
 *
 * The states are level, trend, the slow baseline and an exponentially weighted variance of the
 * one-step errors e. The probability is the logistic approximation of Φ(z) with z = (forecast − k ·
 * baseline) / sd(h), where sd(h)² = var(e) · (1 + Σ_{j=1}^{h−1} (α_level · (1 + j α_trend))²) is
 * the h-step error variance of the additive-error Holt model. So the probability crosses 0.5
 * exactly where the alarm rule fires, unless the forecast is below the minimum surge rate. The
 * state is rebuilt from the oldest second of each window, because the contract forbids state
 * between calls. This class is the yardstick that {@link RobustTrendForecast} has to beat.
 */
final class HoltForecast implements SurgeForecast {

  /** Seconds at the start of the window whose mean seeds the slow baseline, in seconds. */
  private static final int INITIAL_BASELINE_SECONDS = 30;

  private final int horizonSeconds;
  private final double levelAlpha;
  private final double trendAlpha;
  private final double baselineAlpha;
  private final double surgeRatio;
  private final double minimumSurgeRate;
  private final double horizonVarianceFactor;

  /**
   * Creates the forecast; every time constant is in seconds (window entries).
   *
   * @param horizonSeconds how far ahead to forecast, in seconds
   * @param levelSeconds time constant of the level, in seconds
   * @param trendSeconds time constant of the trend, in seconds
   * @param baselineSeconds time constant of the slow baseline, in seconds
   * @param surgeRatio k: forecast over baseline at which to alarm, dimensionless
   * @param minimumSurgeRate minimum forecast rate that can alarm, in requests per second
   */
  HoltForecast(
      int horizonSeconds,
      double levelSeconds,
      double trendSeconds,
      double baselineSeconds,
      double surgeRatio,
      double minimumSurgeRate) {
    this.horizonSeconds = horizonSeconds;
    this.levelAlpha = smoothingFactor(levelSeconds);
    this.trendAlpha = smoothingFactor(trendSeconds);
    this.baselineAlpha = smoothingFactor(baselineSeconds);
    this.surgeRatio = surgeRatio;
    this.minimumSurgeRate = minimumSurgeRate;
    this.horizonVarianceFactor = horizonVarianceFactor(horizonSeconds, levelAlpha, trendAlpha);
  }

  /** Returns the per-step smoothing factor of an exponential filter with time constant τ steps. */
  static double smoothingFactor(double timeConstant) {
    return 1.0 - Math.exp(-1.0 / timeConstant);
  }

  private static double horizonVarianceFactor(int horizon, double alpha, double beta) {
    double factor = 1.0;
    for (int j = 1; j < horizon; j++) {
      double weight = alpha * (1.0 + j * beta);
      factor += weight * weight;
    }
    return factor;
  }

  @Override
  public Forecast forecast(DemandWindow window) {
    int n = window.length();
    if (n == 0) {
      return Forecast.flat(0.0);
    }
    if (n == 1) {
      return Forecast.flat(window.hitsAt(0));
    }

    HoltState state = smooth(window);
    double forecastRate = Math.max(0.0, state.level + horizonSeconds * state.trend);
    double threshold = surgeRatio * state.baseline;
    double sd = Math.sqrt(state.errorVariance * horizonVarianceFactor);
    double probability =
        SurgeProbability.ofZScore(SurgeProbability.zScore(forecastRate - threshold, sd));
    double currentRate = Math.max(0.0, state.level);

    boolean alarm = forecastRate >= threshold && forecastRate >= minimumSurgeRate;
    SurgeClass surgeClass =
        alarm
            ? KeyConcentration.classifyAlarm(window, currentRate, state.baseline)
            : SurgeClass.NORMAL;
    return new Forecast(currentRate, forecastRate, surgeClass, probability);
  }

  private HoltState smooth(DemandWindow window) {
    HoltState state = new HoltState();
    state.level = window.hitsAt(0);
    state.baseline = meanOfFirst(window, INITIAL_BASELINE_SECONDS);
    for (int t = 1; t < window.length(); t++) {
      double x = window.hitsAt(t);
      double predicted = state.level + state.trend;
      double error = x - predicted;
      double level = predicted + levelAlpha * error;
      state.trend += trendAlpha * (level - state.level - state.trend);
      state.level = level;
      state.baseline += baselineAlpha * (x - state.baseline);
      state.errorVariance += baselineAlpha * (error * error - state.errorVariance);
    }
    return state;
  }

  private static double meanOfFirst(DemandWindow window, int seconds) {
    int count = Math.min(seconds, window.length());
    double sum = 0.0;
    for (int t = 0; t < count; t++) {
      sum += window.hitsAt(t);
    }
    return sum / count;
  }

  /** Mutable smoothing state of one call; never shared. */
  private static final class HoltState {
    double level;
    double trend;
    double baseline;
    double errorVariance;
  }
}
