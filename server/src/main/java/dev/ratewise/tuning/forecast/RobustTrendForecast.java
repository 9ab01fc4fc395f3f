package dev.ratewise.tuning.forecast;

/**
 * Surge forecast from a robust damped trend on log demand, confirmed by a one-sided CUSUM against a
 * median baseline.
 *
 * <p>Design. The window is split into a baseline span and the most recent trend span of B blocks of
 * b seconds each (defaults: up to 1740 s, then 12 blocks of 5 s).
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
 * certainty. The states are recomputed from each window, because the contract forbids state between
 * calls. The CUSUM sum over the trend span is the only running quantity.
 *
 * <p>Why this method. Per-second hits carry Poisson noise and short bursts (retries, batch jobs).
 * Holt's trend on raw counts multiplies both by the horizon, and its exponentially weighted
 * baseline follows the surge up. Here, 5 s blocks cut the Poisson noise, and the log turns the
 * exponential rise of a flash crowd into a straight line. Theil–Sen tolerates scattered outliers up
 * to about 29% of the blocks. A burst in the newest blocks still lifts the line, so the CUSUM is
 * winsorized: each block adds at most what a block at k μ0 would, and a 10 s burst cannot confirm a
 * rise alone. The median over up to 29 min keeps μ0 at pre-surge demand and spans a seasonal swing
 * with a period of up to about 30 min. The damping (φ = 0.98/s, a trend half-life of 34 s) keeps a
 * seasonal upswing from projecting far.
 *
 * <p>Measured against {@link HoltForecast} (both with a 30 s horizon, k = 1.5 and 30 min windows)
 * by {@code SurgeForecastEvaluationTest} with seed 1998. On slow ramps both reach a recall of 0.80,
 * with precision 0.86 here against 0.56 for Holt. On quiet seasonal traffic this method raises 1.92
 * false alarms per hour against 4.83 for Holt. Holt with slower smoothing (20 s level, 60 s trend)
 * raises 3.08, but then warns before only 0.45 of the ramps. No method forecasts steps, flash
 * crowds or DDOS ramps 30 s ahead better than its false alarms would by chance. On the WorldCup
 * 1998 trace this method warns before all 26 labelled onsets against 21 for Holt, but at a
 * precision of 0.44 against 0.66. The full table and the onset rules are in {@code
 * docs/forecast.md}.
 *
 * <p>References: R. J. Hyndman and G. Athanasopoulos, "Forecasting: principles and practice",
 * OTexts (Holt's linear trend and the damped trend); E. S. Page, "Continuous inspection schemes",
 * Biometrika 41(1/2), 100–115, 1954 (CUSUM); P. K. Sen, "Estimates of the regression coefficient
 * based on Kendall's tau", J. Am. Stat. Assoc. 63, 1379–1389, 1968 (Theil–Sen slope).
 */
final class RobustTrendForecast implements SurgeForecast {

  /** Minimum seconds of baseline span before any alarm, in seconds. */
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
    int baselineStart = Math.max(0, trendStart - settings.baselineSeconds());
    double baselineRate = Math.max(0.0, Median.of(hits, baselineStart, trendStart));
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
        alarm
            ? KeyConcentration.classifyAlarm(window, currentRate, baselineRate)
            : SurgeClass.NORMAL;
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
   * and the last second. Example: φ = 0.98, H = 32 s gives 23.3 s of effective trend.
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
