package dev.ratewise.tuning.forecast;

/**
 * Surge forecast from a robust damped trend on log demand, confirmed by a one-sided CUSUM against
 * a median baseline.
 *
 * <p>Design. The window is split into a baseline span and the most recent trend span of B blocks
 * of b seconds each (defaults: up to 1740 s, then 12 blocks of 5 s).
 *
 * <pre>
 *   μ0      = median of the per-second hits in the baseline span
 *   z_j     = ln(1 + mean hits per second of block j),             j = 0 .. B−1
 *   s, ℓ    = Theil–Sen slope (per block) and level at block B−1 of the z_j
 *   ln(1+F) = ℓ + (s / b) · Σ_{i=1}^{H} φ^i,   H = horizon + (b−1)/2 s   (damped trend)
 *   S_j     = max(0, S_{j−1} + min(z_j − ln(1 + μ0) − δ, c))        (CUSUM, S_{−1} = 0)
 *   c       = ln(1 + k μ0) − ln(1 + μ0) − δ                           (per-block cap)
 *   z       = (ln(1+F) − ln(1 + k μ0)) / se,
 *   se      = σ · sqrt(1/B + ((B−1)/2 + Σφ^i / b)² / (B(B²−1)/12))
 *   p       = 1 / (1 + exp(−1.702 z))
 *   alarm  ⇔ S_{B−1} ≥ h  and  p ≥ p_alarm  and  F ≥ minimum surge rate
 * </pre>
 *
 * σ is the larger of the robust residual scale of the line (1.4826 × MAD) and the Poisson scale of
 * a block mean in log space, sqrt(1 / (b (1 + rate))), so a lucky straight line never claims
 * certainty. The states are recomputed from each window, because the contract forbids state
 * between calls; the CUSUM sum over the trend span is the only running quantity.
 *
 * <p>Why this method. Per-second hits carry Poisson noise and short bursts (retries, batch jobs).
 * Holt's trend on raw counts amplifies both by the horizon, and its exponentially weighted
 * baseline follows the surge up. Here, 5 s blocks cut the Poisson noise, the log turns the
 * exponential rise of a flash crowd into a straight line, Theil–Sen ignores a burst that fills up
 * to a quarter of the blocks, the median keeps μ0 at pre-surge demand, and the damping (φ = 0.98/s,
 * a trend half-life of 34 s) keeps a seasonal upswing from projecting far. The CUSUM (Page's
 * one-sided cumulative sum) asks that demand has already been above (1 + δ) μ0 for a while, which
 * rejects a steep slope read from noise around an unchanged level. The z-score against the
 * standard error of the projected log rate makes p a calibrated-ish probability that demand at
 * the horizon reaches k μ0.
 *
 * <p>Measured against {@link HoltForecast} by {@code SurgeForecastEvaluationTest}; the figures and
 * the onset rules are in {@code docs/forecast.md}.
 *
 * <p>References: Hyndman and Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed.),
 * sections 8.2 (Holt's linear trend and the damped trend); E. S. Page, "Continuous inspection
 * schemes", Biometrika 41 (1954) for the CUSUM; P. K. Sen, "Estimates of the regression coefficient
 * based on Kendall's tau", JASA 63 (1968) for the slope.
 */
final class RobustTrendForecast implements SurgeForecast {

  /** Fewest seconds of baseline span needed before any alarm, in seconds. */
  static final int MIN_BASELINE_SECONDS = 30;

  private final RobustTrendSettings settings;

  RobustTrendForecast(RobustTrendSettings settings) {
    this.settings = settings;
  }

  @Override
  public Forecast forecast(DemandWindow window) {
    double[] hits = window.hitsPerSecond();
    int n = hits.length;
    int trendSeconds = settings.blockSeconds() * settings.trendBlocks();
    if (n < trendSeconds + MIN_BASELINE_SECONDS) {
      return Forecast.flat(meanOfLast(hits, settings.blockSeconds()));
    }

    int trendStart = n - trendSeconds;
    double baselineRate =
        Median.of(hits, Math.max(0, trendStart - settings.baselineSeconds()), trendStart);
    double[] logBlocks = logBlockMeans(hits, trendStart);
    TheilSenLine line = TheilSenLine.fit(logBlocks);

    double currentRate = Math.expm1(line.levelAtEnd());
    double dampedSeconds = dampedHorizonSeconds();
    double logForecast = line.levelAtEnd() + line.slope() / settings.blockSeconds() * dampedSeconds;
    double forecastRate = Math.max(0.0, Math.expm1(logForecast));
    double margin = logForecast - Math.log1p(settings.surgeRatio() * baselineRate);
    double se = projectionError(line, currentRate, dampedSeconds);
    double probability = SurgeProbability.ofZScore(SurgeProbability.zScore(margin, se));

    boolean alarm =
        cusumAbove(logBlocks, baselineRate)
            && probability >= settings.alarmProbability()
            && forecastRate >= settings.minimumSurgeRate();
    SurgeClass surgeClass =
        alarm ? KeyConcentration.classifyAlarm(window, currentRate, baselineRate) : SurgeClass.NORMAL;
    return new Forecast(Math.max(0.0, currentRate), forecastRate, surgeClass, probability);
  }

  private double[] logBlockMeans(double[] hits, int trendStart) {
    int blockSeconds = settings.blockSeconds();
    double[] logBlocks = new double[settings.trendBlocks()];
    for (int j = 0; j < logBlocks.length; j++) {
      double sum = 0.0;
      int from = trendStart + j * blockSeconds;
      for (int t = from; t < from + blockSeconds; t++) {
        sum += Math.max(0.0, hits[t]);
      }
      logBlocks[j] = Math.log1p(sum / blockSeconds);
    }
    return logBlocks;
  }

  /**
   * Returns Σ_{i=1}^{H} φ^i with H the horizon plus the half block between the last block's centre
   * and the last second. Example: φ = 0.98, H = 32 s gives 23.0 s of effective trend.
   */
  private double dampedHorizonSeconds() {
    double lead = settings.horizonSeconds() + (settings.blockSeconds() - 1) / 2.0;
    double phi = settings.dampingPerSecond();
    if (phi >= 1.0) {
      return lead;
    }
    return phi * (1.0 - Math.pow(phi, lead)) / (1.0 - phi);
  }

  private double projectionError(TheilSenLine line, double currentRate, double dampedSeconds) {
    double poissonScale = Math.sqrt(1.0 / (settings.blockSeconds() * (1.0 + currentRate)));
    double sigma = Math.max(line.residualScale(), poissonScale);
    int blocks = line.points();
    double distance = (blocks - 1) / 2.0 + dampedSeconds / settings.blockSeconds();
    return sigma * Math.sqrt(1.0 / blocks + distance * distance / line.positionSpread());
  }

  /**
   * Returns whether the winsorized CUSUM of the blocks reaches h. Each block adds at most its
   * excess at k × baseline, so a short burst far above baseline confirms no more than a few blocks
   * just at the surge level would.
   */
  private boolean cusumAbove(double[] logBlocks, double baselineRate) {
    double reference = Math.log1p(baselineRate) + settings.cusumAllowance();
    double cap = Math.max(0.0, Math.log1p(settings.surgeRatio() * baselineRate) - reference);
    double sum = 0.0;
    for (double z : logBlocks) {
      sum = Math.max(0.0, sum + Math.min(z - reference, cap));
    }
    return sum >= settings.cusumThreshold();
  }

  private static double meanOfLast(double[] hits, int seconds) {
    int count = Math.min(seconds, hits.length);
    if (count == 0) {
      return 0.0;
    }
    double sum = 0.0;
    for (int t = hits.length - count; t < hits.length; t++) {
      sum += Math.max(0.0, hits[t]);
    }
    return sum / count;
  }
}
