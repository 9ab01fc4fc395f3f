package dev.ratewise.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Fixed-window counters shared by every request that builds the same key. */
public interface CounterStore extends AutoCloseable {
  /**
   * Adds each increment's hits to its counter, creating a missing counter with the increment's
   * TTL, and returns the totals after the increment in the same order. All increments of one
   * call take one round trip where the store has round trips.
   */
  CompletableFuture<long[]> increment(List<CounterIncrement> increments);

  /** Completes when the store answers, or exceptionally when it does not. */
  CompletableFuture<Void> ping();

  /** Returns a short description for logs, such as "in-process" or "redis://host:6379". */
  String describe();

  @Override
  void close();
}
