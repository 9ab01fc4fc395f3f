package dev.ratewise;

import dev.ratewise.identity.KeyDirectory;
import dev.ratewise.identity.RedisKeyDirectory;
import dev.ratewise.limit.LimitsHolder;
import java.time.Clock;
import java.time.Duration;

/** Opens the directory of runtime API keys: the Redis hash when Redis is configured. */
final class KeyDirectories {
  /**
   * How long one HGET may take. Envoy waits 200 ms for a Check by default, and the counter
   * store needs its own share of that.
   */
  static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(50);
  /** How long a key's lookup result, found or not, is reused; a new key works within this time. */
  static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private KeyDirectories() {}

  static KeyDirectory open(String redisUrl, LimitsHolder limits, Clock clock) {
    if (redisUrl == null || redisUrl.isBlank()) {
      return KeyDirectory.NONE;
    }
    return new RedisKeyDirectory(redisUrl,
        () -> limits.current().config().identity().redisHash(), LOOKUP_TIMEOUT, CACHE_TTL, clock);
  }
}
