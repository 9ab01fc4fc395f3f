package dev.ratewise.config;

/**
 * A descriptor's {@code adaptive} block: the bounds the decision loop tunes the limit within.
 *
 * @param min the lowest limit the loop may set, in requests per unit
 * @param max the highest limit the loop may set, in requests per unit
 * @param revenuePerRequest the revenue of one allowed request, in dollars
 */
public record AdaptiveSpec(long min, long max, double revenuePerRequest) {}
