package dev.ratewise.loadtest;

import java.time.Duration;
import java.util.Set;

/**
 * One stretch of a run with a steady or ramping rate and one tier mix.
 *
 * @param name the phase's name in progress output
 * @param duration how long the phase sends
 * @param rate calls per second at the start; 0 runs closed-loop at the run's concurrency
 * @param rateTo calls per second at the end, reached linearly; equal to {@code rate} for a
 *     steady phase
 * @param mix the tier shares
 * @param keys the only API keys used; empty uses every configured key
 * @param addresses the number of distinct source addresses of callers with a key
 * @param anonymousAddresses the number of distinct source addresses of anonymous callers
 */
record Phase(String name, Duration duration, double rate, double rateTo, TierMix mix,
    Set<String> keys, int addresses, int anonymousAddresses) {
  /** Source addresses per phase unless a phase sets its own: enough to spread per-IP limits. */
  static final int DEFAULT_ADDRESSES = 256;

  Phase {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("phase " + name + ": duration must be positive");
    }
    if (rate < 0 || rateTo < 0 || (rate == 0) != (rateTo == 0)) {
      throw new IllegalArgumentException("phase " + name
          + ": rate and rate_to must both be positive, or both 0 for a closed loop");
    }
    keys = Set.copyOf(keys);
  }

  boolean closedLoop() {
    return rate == 0;
  }

  /**
   * Returns the rate in calls per second {@code elapsedNanos} into the phase. For example a
   * ramp from 100 to 300 over 10 s runs at 200 calls per second after 5 s.
   */
  double rateAt(long elapsedNanos) {
    double share = Math.min(1.0, (double) elapsedNanos / duration.toNanos());
    return rate + (rateTo - rate) * share;
  }
}
