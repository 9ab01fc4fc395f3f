package dev.ratewise.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.config.ConfigLoader;
import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The limiter's path for stores that complete inline. It skips the future stages that a remote
 * store needs, and must still record every store call and leave degraded mode.
 */
class LimiterInlineTest {
  private static final String CONFIG = """
      domain: d
      descriptors:
        - key: k
          rate_limit: {unit: second, requests_per_unit: 2}
        - key: wide
          rate_limit: {unit: second, requests_per_unit: 5, name: wide}
        - key: narrow
          rate_limit: {unit: second, requests_per_unit: 1, name: narrow,
                       replaces: [{name: wide}]}
      """;

  private final MutableClock clock = new MutableClock(LimiterFixture.START);
  private final LocalCounterStore local = new LocalCounterStore(clock);
  private final SwitchableStore store = new SwitchableStore(local);
  private final List<Boolean> storeCalls = new ArrayList<>();
  private final DegradedMode degraded = new DegradedMode(FailurePolicy.ALLOW);

  private Limiter limiter() throws Exception {
    LimiterSettings settings = new LimiterSettings(Duration.ofMillis(15), FailurePolicy.ALLOW,
        0.8, false, 0);
    LimiterObserver observer = new LimiterObserver() {
      @Override
      public void onStoreCall(String name, long nanos, boolean succeeded) {
        storeCalls.add(succeeded);
      }
    };
    return new Limiter(new LimitsHolder(Limits.compile(ConfigLoader.loadTexts(
        Map.of("inline.yaml", CONFIG)))), store, local, settings, degraded, clock,
        new SplittableRandom(1), observer);
  }

  private static LimitRequest request(Descriptor... descriptors) {
    return new LimitRequest("d", List.of(descriptors), 0);
  }

  @Test
  void inProcessStore_completesBeforeCheckReturns() throws Exception {
    Limiter limiter = limiter();

    CompletableFuture<LimitResponse> first = limiter.check(request(Descriptor.of("k", "a")));
    CompletableFuture<LimitResponse> second = limiter.check(request(Descriptor.of("k", "a")));
    CompletableFuture<LimitResponse> third = limiter.check(request(Descriptor.of("k", "a")));

    assertTrue(first.isDone());
    assertEquals(Code.OK, first.join().overallCode());
    assertEquals(0, second.join().statuses().get(0).remaining());
    assertEquals(Code.OVER_LIMIT, third.join().overallCode());
  }

  @Test
  void inlineAnswer_recordsEveryStoreCall() throws Exception {
    Limiter limiter = limiter();

    limiter.check(request(Descriptor.of("k", "a"))).join();
    limiter.check(request(Descriptor.of("k", "b"), Descriptor.of("k", "c"))).join();

    assertEquals(List.of(true, true), storeCalls);
  }

  @Test
  void inlineSuccessAfterFailure_leavesDegradedMode() throws Exception {
    Limiter limiter = limiter();

    store.failing = true;
    LimitResponse duringOutage = limiter.check(request(Descriptor.of("k", "a"))).join();
    boolean degradedDuringOutage = degraded.isDegraded();
    store.failing = false;
    LimitResponse afterOutage = limiter.check(request(Descriptor.of("k", "a"))).join();

    assertEquals(Code.OK, duringOutage.overallCode());
    assertTrue(degradedDuringOutage);
    assertEquals(Code.OK, afterOutage.overallCode());
    assertFalse(degraded.isDegraded());
    assertEquals(List.of(false, true), storeCalls);
  }

  @Test
  void replacingRule_dropsNamedLimitOnInlinePath() throws Exception {
    Limiter limiter = limiter();

    LimitResponse response = limiter.check(
        request(Descriptor.of("wide", "a"), Descriptor.of("narrow", "a"))).join();

    assertFalse(response.statuses().get(0).limited());
    assertEquals(1, response.statuses().get(1).rule().requestsPerUnit());
  }

  /** Delegates to the in-process store, or fails every call inline while {@code failing}. */
  private static final class SwitchableStore implements CounterStore {
    private final CounterStore delegate;
    volatile boolean failing;

    SwitchableStore(CounterStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<long[]> increment(List<CounterIncrement> increments) {
      return failing
          ? CompletableFuture.failedFuture(new IllegalStateException("connection refused"))
          : delegate.increment(increments);
    }

    @Override
    public CompletableFuture<Void> ping() {
      return delegate.ping();
    }

    @Override
    public String describe() {
      return "switchable";
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
