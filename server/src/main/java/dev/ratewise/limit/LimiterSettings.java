package dev.ratewise.limit;

import dev.ratewise.store.FailurePolicy;
import java.time.Duration;

/**
 * How the limiter counts and degrades.
 *
 * @param storeTimeout how long one store round trip may take before the failure policy applies
 * @param failurePolicy the response when the store fails or times out
 * @param nearLimitRatio the share of a limit above which an allowed request counts as near the
 *     limit, for metrics only
 * @param globalShadowMode whether an over-limit overall code is turned into OK, while each
 *     descriptor's status still says OVER_LIMIT
 * @param ttlJitterSeconds the largest random number of seconds added to a counter's TTL, to
 *     spread expiries; 0 adds none
 */
public record LimiterSettings(
    Duration storeTimeout,
    FailurePolicy failurePolicy,
    double nearLimitRatio,
    boolean globalShadowMode,
    int ttlJitterSeconds) {

  public LimiterSettings {
    if (storeTimeout.isNegative() || storeTimeout.isZero()) {
      throw new IllegalArgumentException("storeTimeout must be positive, got " + storeTimeout);
    }
    if (!(nearLimitRatio > 0 && nearLimitRatio <= 1)) {
      throw new IllegalArgumentException(
          "nearLimitRatio must be in (0, 1], got " + nearLimitRatio);
    }
    if (ttlJitterSeconds < 0) {
      throw new IllegalArgumentException(
          "ttlJitterSeconds must not be negative, got " + ttlJitterSeconds);
    }
  }

  /** Returns the defaults: 15 ms store timeout, fail the RPC, near limit at 0.8, no jitter. */
  public static LimiterSettings defaults() {
    return new LimiterSettings(Duration.ofMillis(15), FailurePolicy.ERROR, 0.8, false, 0);
  }
}
