package dev.ratewise.envoy;

import dev.ratewise.limit.Code;
import dev.ratewise.limit.DescriptorStatus;
import dev.ratewise.limit.LimitResponse;
import java.util.List;

/**
 * The {@code RateLimit-*} headers of the IETF draft, taken from the most constrained descriptor,
 * and {@code Retry-After}. Both Envoy services send the same values.
 */
public final class RateLimitHeaders {
  public static final String LIMIT = "RateLimit-Limit";
  public static final String REMAINING = "RateLimit-Remaining";
  public static final String RESET = "RateLimit-Reset";

  private RateLimitHeaders() {}

  /** Returns name and value pairs for the three RateLimit headers. */
  static List<String[]> of(DescriptorStatus status) {
    return List.of(
        new String[] {LIMIT, Long.toString(status.rule().requestsPerUnit())},
        new String[] {REMAINING, Long.toString(status.remaining())},
        new String[] {RESET, Long.toString(status.resetSeconds())});
  }

  /**
   * Returns the seconds a denied caller should wait: the longest reset over every over-limit
   * descriptor, at least 1, because a window that resets in under a second rounds up.
   */
  static long retryAfterSeconds(LimitResponse response) {
    long longest = 0;
    for (DescriptorStatus status : response.statuses()) {
      if (status.code() == Code.OVER_LIMIT && status.limited()) {
        longest = Math.max(longest, status.resetSeconds());
      }
    }
    return Math.max(1, longest);
  }
}
