package dev.ratewise.tuning.advisor;

import dev.ratewise.tuning.forecast.Forecast;

/**
 * What an advisor knows about one adaptive rule at the start of a cycle. Rates are per second;
 * limits are in the rule's own unit.
 *
 * @param rule the rule's id, such as "ratewise.tier_enterprise.tenant"
 * @param tier the tier the rule belongs to, such as "enterprise"; empty when unknown
 * @param unitSeconds the length of the rule's window in seconds
 * @param baseline the configured requests_per_unit
 * @param current the limit in force
 * @param min the lowest limit allowed
 * @param max the highest limit allowed
 * @param revenuePerRequest dollars per allowed request
 * @param demandRps requests per second seen recently, allowed and denied together
 * @param allowedRps allowed requests per second seen recently
 * @param deniedRps denied requests per second seen recently
 * @param activeKeys distinct counter keys (tenants or addresses) seen recently, at least 1
 * @param forecast the surge forecast for this rule
 */
public record RuleSnapshot(
    String rule,
    String tier,
    long unitSeconds,
    long baseline,
    long current,
    long min,
    long max,
    double revenuePerRequest,
    double demandRps,
    double allowedRps,
    double deniedRps,
    int activeKeys,
    Forecast forecast) {}
