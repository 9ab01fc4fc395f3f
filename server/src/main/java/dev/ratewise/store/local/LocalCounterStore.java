package dev.ratewise.store.local;

import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters in this process's heap. Each counter expires {@code ttlSeconds} after it
 * was created; {@link #sweep()} removes expired counters so memory stays bounded by the keys of
 * the live windows. Answers complete inline, with no thread hop.
 */
public final class LocalCounterStore implements CounterStore {
  private final Clock clock;
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  public LocalCounterStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public CompletableFuture<long[]> increment(List<CounterIncrement> increments) {
    long now = clock.millis();
    long[] totals = new long[increments.size()];
    for (int i = 0; i < totals.length; i++) {
      totals[i] = add(increments.get(i), now);
    }
    return CompletableFuture.completedFuture(totals);
  }

  private long add(CounterIncrement increment, long now) {
    if (increment.hits() == 0) {
      return read(increment.key(), now);
    }

    long expiresAt = now + increment.ttlSeconds() * 1_000;
    Counter counter = counters.compute(increment.key(), (key, existing) ->
        existing == null || existing.expiresAtMillis <= now ? new Counter(expiresAt) : existing);
    synchronized (counter) {
      counter.count = saturatedAdd(counter.count, increment.hits());
      return counter.count;
    }
  }

  /** Reads a counter without creating it, so a read never starts a window's TTL. */
  private long read(String key, long now) {
    Counter counter = counters.get(key);
    if (counter == null || counter.expiresAtMillis <= now) {
      return 0;
    }
    synchronized (counter) {
      return counter.count;
    }
  }

  /** Removes every expired counter and returns how many were removed. */
  public int sweep() {
    long now = clock.millis();
    int before = counters.size();
    counters.values().removeIf(counter -> counter.expiresAtMillis <= now);
    return before - counters.size();
  }

  /** Returns the time until the key's counter expires, or empty when it is missing or expired. */
  public OptionalLong remainingMillis(String key) {
    long now = clock.millis();
    Counter counter = counters.get(key);
    if (counter == null || counter.expiresAtMillis <= now) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(counter.expiresAtMillis - now);
  }

  /** Returns the number of counters held, expired ones not yet swept included. */
  public int size() {
    return counters.size();
  }

  @Override
  public CompletableFuture<Void> ping() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String describe() {
    return "in-process";
  }

  @Override
  public void close() {
    counters.clear();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  private static final class Counter {
    final long expiresAtMillis;
    long count;

    Counter(long expiresAtMillis) {
      this.expiresAtMillis = expiresAtMillis;
    }
  }
}
