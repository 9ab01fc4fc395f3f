package dev.ratewise;

import dev.ratewise.store.CounterStore;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.store.redis.RedisCounterStore;
import java.time.Duration;

/** Opens the counter store the settings name. */
final class Stores {
  private Stores() {}

  /**
   * Returns the Redis store for a URL, or the in-process store when the URL is null or blank.
   *
   * @param redisCluster whether the URL names a node of a Redis Cluster
   * @param storeTimeout the limiter's store timeout, which Redis commands time out after too
   */
  static CounterStore open(String redisUrl, boolean redisCluster, Duration storeTimeout,
      LocalCounterStore localStore) {
    if (redisUrl == null || redisUrl.isBlank()) {
      return localStore;
    }
    return RedisCounterStore.open(redisUrl, redisCluster, storeTimeout);
  }
}
