package dev.ratewise.metrics;

/**
 * One tier's state in one timeline sample. Limits are per descriptor value (per tenant in the
 * bundled config) and rates are for the whole tier, both in requests per second.
 *
 * @param tier the tier name from the rule id, such as "enterprise"
 * @param limitRps the limit in force, summed over the tier's adaptive rules
 * @param baselineRps the configured limit, summed the same way
 * @param requestRps hits per second seen by the tier's adaptive rules
 * @param allowedRps the allowed share of those hits
 * @param deniedRps the denied share of those hits
 * @param revenuePerHour allowed hits times revenue_per_request, in dollars per hour
 * @param baselineRevenuePerHour an estimate of the revenue had the limits stayed at baseline:
 *     the sum over descriptor values of min(demand, baseline) times revenue_per_request, in
 *     dollars per hour. Denied requests that were retried count as demand again, so the
 *     estimate leans high.
 * @param forecastRps the latest forecast demand; null before the first tuning cycle
 * @param surgeProbability the latest surge probability, 0 to 1; null before the first cycle
 * @param surgeClass the latest surge class, such as "SURGE"; null before the first cycle
 */
public record TierSample(
    String tier,
    double limitRps,
    double baselineRps,
    double requestRps,
    double allowedRps,
    double deniedRps,
    double revenuePerHour,
    double baselineRevenuePerHour,
    Double forecastRps,
    Double surgeProbability,
    String surgeClass) {}
