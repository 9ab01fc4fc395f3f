package dev.ratewise;

import dev.ratewise.store.CounterStore;
import dev.ratewise.store.local.LocalCounterStore;

/** Opens the counter store the settings name. */
final class Stores {
  private Stores() {}

  /** Returns the Redis store for a URL, or the in-process store when the URL is null or blank. */
  static CounterStore open(String redisUrl, LocalCounterStore localStore) {
    if (redisUrl == null || redisUrl.isBlank()) {
      return localStore;
    }
    // TODO: the Redis store replaces this failure.
    throw new IllegalArgumentException("--redis-url is not supported yet: " + redisUrl);
  }
}
