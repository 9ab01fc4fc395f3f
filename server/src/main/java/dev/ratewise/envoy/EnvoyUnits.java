package dev.ratewise.envoy;

import dev.ratewise.config.Unit;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;

/** Maps ratewise's units to Envoy's {@code RateLimitResponse.RateLimit.Unit} and back. */
final class EnvoyUnits {
  private EnvoyUnits() {}

  static RateLimitResponse.RateLimit.Unit toEnvoy(Unit unit) {
    return switch (unit) {
      case SECOND -> RateLimitResponse.RateLimit.Unit.SECOND;
      case MINUTE -> RateLimitResponse.RateLimit.Unit.MINUTE;
      case HOUR -> RateLimitResponse.RateLimit.Unit.HOUR;
      case DAY -> RateLimitResponse.RateLimit.Unit.DAY;
      case WEEK -> RateLimitResponse.RateLimit.Unit.WEEK;
      case MONTH -> RateLimitResponse.RateLimit.Unit.MONTH;
      case YEAR -> RateLimitResponse.RateLimit.Unit.YEAR;
    };
  }

  /** Returns the unit, or null for UNKNOWN and values this build does not know. */
  static Unit fromEnvoy(io.envoyproxy.envoy.type.v3.RateLimitUnit unit) {
    return switch (unit) {
      case SECOND -> Unit.SECOND;
      case MINUTE -> Unit.MINUTE;
      case HOUR -> Unit.HOUR;
      case DAY -> Unit.DAY;
      case MONTH -> Unit.MONTH;
      case YEAR -> Unit.YEAR;
      default -> null;
    };
  }
}
