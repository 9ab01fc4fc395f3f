package dev.ratewise.tuning.forecast;

/**
 * Parameters of {@link RobustTrendForecast}; built and checked by {@link RobustTrendBuilder}.
 *
 * @param horizonSeconds how far ahead to forecast, in seconds
 * @param blockSeconds length of one block of the trend span, in seconds
 * @param trendBlocks number of blocks in the trend span
 * @param baselineSeconds longest baseline span before the trend span, in seconds
 * @param dampingPerSecond trend damping factor φ per second, in (0, 1]
 * @param surgeRatio k: demand over baseline that counts as a surge, dimensionless
 * @param cusumAllowance δ: log-rate excess over baseline that the CUSUM ignores, per block
 * @param cusumThreshold h: CUSUM level that confirms a rise, in log units times blocks
 * @param alarmProbability minimum probability that raises an alarm, in [0, 1]
 * @param minimumSurgeRate minimum forecast rate that can alarm, in requests per second
 */
record RobustTrendSettings(
    int horizonSeconds,
    int blockSeconds,
    int trendBlocks,
    int baselineSeconds,
    double dampingPerSecond,
    double surgeRatio,
    double cusumAllowance,
    double cusumThreshold,
    double alarmProbability,
    double minimumSurgeRate) {}
