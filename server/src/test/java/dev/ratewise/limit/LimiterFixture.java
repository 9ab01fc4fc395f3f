package dev.ratewise.limit;

import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** A limiter over a config text, an in-process store that counts its calls, and a fake clock. */
final class LimiterFixture {
  /** 2026-01-01T00:00:00Z, a window boundary for every unit up to a day. */
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  final MutableClock clock = new MutableClock(START);
  final LocalCounterStore local = new LocalCounterStore(clock);
  final CountingStore store;
  final LimitsHolder limits;
  final DegradedMode degraded;
  final Limiter limiter;

  LimiterFixture(String yaml, LimiterSettings settings, CounterStore backing)
      throws ConfigException {
    this.store = new CountingStore(backing == null ? local : backing);
    this.limits = new LimitsHolder(Limits.compile(
        ConfigLoader.loadTexts(Map.of("test.yaml", yaml))));
    this.degraded = new DegradedMode(settings.failurePolicy());
    this.limiter = new Limiter(limits, store, local, settings, degraded, clock,
        new SplittableRandom(1), LimiterObserver.NONE);
  }

  LimiterFixture(String yaml) throws ConfigException {
    this(yaml, LimiterSettings.defaults(), null);
  }

  LimitResponse check(String domain, Descriptor... descriptors) {
    return limiter.check(new LimitRequest(domain, List.of(descriptors), 0)).join();
  }

  /** Wraps a store and counts its round trips. */
  static final class CountingStore implements CounterStore {
    final CounterStore delegate;
    final AtomicInteger calls = new AtomicInteger();

    CountingStore(CounterStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<long[]> increment(List<CounterIncrement> increments) {
      calls.incrementAndGet();
      return delegate.increment(increments);
    }

    @Override
    public CompletableFuture<Void> ping() {
      return delegate.ping();
    }

    @Override
    public String describe() {
      return delegate.describe();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** A store whose every call fails, as a Redis outage looks to the limiter. */
  static final class FailingStore implements CounterStore {
    @Override
    public CompletableFuture<long[]> increment(List<CounterIncrement> increments) {
      return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
    }

    @Override
    public CompletableFuture<Void> ping() {
      return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
    }

    @Override
    public String describe() {
      return "failing";
    }

    @Override
    public void close() {}
  }

  /** A store that never answers, as a stalled Redis looks to the limiter. */
  static final class StalledStore implements CounterStore {
    @Override
    public CompletableFuture<long[]> increment(List<CounterIncrement> increments) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Void> ping() {
      return new CompletableFuture<>();
    }

    @Override
    public String describe() {
      return "stalled";
    }

    @Override
    public void close() {}
  }
}
