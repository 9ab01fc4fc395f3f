package dev.ratewise.limit;

import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.StoreUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Decides rate limit requests: matches each descriptor to a rule, counts every limited
 * descriptor of the request in one store call, and builds the statuses with the semantics of
 * envoyproxy/ratelimit. Knows nothing of Envoy's wire types.
 */
public final class Limiter {
  /** Hits above every uint32 limit; larger addends are cut to this so counters never wrap. */
  static final long MAX_HITS = 1L << 32;

  private final LimitsHolder limits;
  private final CounterStore store;
  private final CounterStore localFallback;
  private final LimiterSettings settings;
  private final DegradedMode degraded;
  private final Clock clock;
  private final RandomGenerator random;
  private final LimiterObserver observer;
  private final OverLimitCache overLimitCache = new OverLimitCache();
  private final StatusBuilder statuses;

  /**
   * @param localFallback the in-process store used by {@link FailurePolicy#LOCAL}
   */
  public Limiter(LimitsHolder limits, CounterStore store, CounterStore localFallback,
      LimiterSettings settings, DegradedMode degraded, Clock clock, RandomGenerator random,
      LimiterObserver observer) {
    this.limits = limits;
    this.store = store;
    this.localFallback = localFallback;
    this.settings = settings;
    this.degraded = degraded;
    this.clock = clock;
    this.random = random;
    this.observer = observer;
    this.statuses = new StatusBuilder(settings, observer, overLimitCache, clock);
  }

  /**
   * Decides a request. The future fails with {@link StoreUnavailableException} only when the
   * store fails and the policy is {@link FailurePolicy#ERROR}.
   */
  public CompletableFuture<LimitResponse> check(LimitRequest request) {
    Limits snapshot = limits.current();
    long nowMillis = clock.millis();
    DescriptorStatus[] answers = new DescriptorStatus[request.descriptors().size()];
    List<CountedSlot> slots = plan(snapshot, request, nowMillis, answers);
    if (slots.isEmpty()) {
      return CompletableFuture.completedFuture(statuses.finish(request, answers));
    }

    List<CounterIncrement> increments = new ArrayList<>(slots.size());
    for (int i = 0; i < slots.size(); i++) {
      CountedSlot slot = slots.get(i);
      increments.add(new CounterIncrement(slot.key(), slot.hits(), ttlSeconds(slot)));
    }
    CompletableFuture<long[]> counted = callStore(store, increments);
    if (counted.isDone() && !counted.isCompletedExceptionally()) {
      // The in-process store completes inline, so skipping the stages below saves their
      // allocation.
      return CompletableFuture.completedFuture(
          statuses.counted(request, slots, counted.join(), answers));
    }
    return counted
        .handle((totals, error) -> error == null
            ? CompletableFuture.completedFuture(statuses.counted(request, slots, totals, answers))
            : onStoreFailure(request, slots, increments, answers, error))
        .thenCompose(answer -> answer);
  }

  private List<CountedSlot> plan(Limits snapshot, LimitRequest request, long nowMillis,
      DescriptorStatus[] answers) {
    Rule[] matched = new Rule[answers.length];
    // Built only when a rule names others to replace, which few configs do.
    Set<String> replaced = Set.of();
    for (int i = 0; i < answers.length; i++) {
      matched[i] = matchRule(snapshot, request.domain(), request.descriptors().get(i));
      if (matched[i] != null && !matched[i].unlimited() && !matched[i].replaces().isEmpty()) {
        if (replaced.isEmpty()) {
          replaced = new HashSet<>();
        }
        replaced.addAll(matched[i].replaces());
      }
    }

    List<CountedSlot> slots = new ArrayList<>(answers.length);
    for (int i = 0; i < answers.length; i++) {
      Rule rule = matched[i];
      if (rule == null
          || (!rule.name().isEmpty() && replaced.contains(rule.name()) && !rule.unlimited())) {
        answers[i] = DescriptorStatus.noLimit();
      } else if (rule.unlimited()) {
        answers[i] = DescriptorStatus.unlimited(rule);
      } else {
        CountedSlot slot = slot(i, request, rule, nowMillis);
        if (overLimitCache.isOver(slot.key(), slot.limit(), nowMillis)) {
          answers[i] = statuses.fromCache(request.domain(), slot);
        } else {
          slots.add(slot);
        }
      }
    }
    return slots;
  }

  private static Rule matchRule(Limits snapshot, String domain, Descriptor descriptor) {
    if (!snapshot.hasDomain(domain)) {
      return null;
    }
    Descriptor.Override override = descriptor.override();
    if (override != null && override.unit() != null) {
      return overrideRule(domain, descriptor, override);
    }
    return snapshot.match(domain, descriptor.entries());
  }

  private static Rule overrideRule(String domain, Descriptor descriptor,
      Descriptor.Override override) {
    StringBuilder id = new StringBuilder(domain);
    for (Entry entry : descriptor.entries()) {
      id.append('.').append(entry.key());
    }
    return new Rule(id.append(".override").toString(), "", override.requestsPerUnit(),
        override.requestsPerUnit(), override.unit(), false, false, false, List.of(), null, true);
  }

  private CountedSlot slot(int index, LimitRequest request, Rule rule, long nowMillis) {
    Descriptor descriptor = request.descriptors().get(index);
    long unitSeconds = rule.unit().seconds();
    long nowSeconds = Math.floorDiv(nowMillis, 1000);
    // A minute window at 12:00:42 starts at 12:00:00 and resets in 60 - 42 = 18 s.
    long windowStart = nowSeconds - Math.floorMod(nowSeconds, unitSeconds);
    long resetSeconds = windowStart + unitSeconds - nowSeconds;
    String key = CounterKeys.build(request.domain(), descriptor.entries(), unitSeconds,
        windowStart);
    return new CountedSlot(index, descriptor, rule, key, hits(request, descriptor),
        resetSeconds, (windowStart + unitSeconds) * 1000);
  }

  private static long hits(LimitRequest request, Descriptor descriptor) {
    long hits = descriptor.hitsAddend() != Descriptor.UNSET
        ? descriptor.hitsAddend()
        : request.hitsAddend() == 0 ? 1 : request.hitsAddend();
    // A uint64 addend above Long.MAX_VALUE arrives negative.
    return hits < 0 || hits > MAX_HITS ? MAX_HITS : hits;
  }

  private long ttlSeconds(CountedSlot slot) {
    long jitter = settings.ttlJitterSeconds() == 0
        ? 0
        : random.nextInt(settings.ttlJitterSeconds() + 1);
    return slot.rule().unit().seconds() + jitter;
  }

  private CompletableFuture<long[]> callStore(CounterStore target,
      List<CounterIncrement> increments) {
    long started = System.nanoTime();
    CompletableFuture<long[]> call;
    try {
      call = target.increment(increments);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    if (call.isDone() && !call.isCompletedExceptionally()) {
      // Completed inline, so no timeout can apply and no stage is needed to record it.
      recordStoreCall(target, started, null);
      return call;
    }
    return call.copy()
        .orTimeout(settings.storeTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete((totals, error) -> recordStoreCall(target, started, error));
  }

  private void recordStoreCall(CounterStore target, long startedNanos, Throwable error) {
    observer.onStoreCall(target.describe(), System.nanoTime() - startedNanos, error == null);
    if (target == store) {
      if (error == null) {
        degraded.onSuccess(store.describe());
      } else {
        degraded.onFailure(store.describe(), error);
      }
    }
  }

  private CompletableFuture<LimitResponse> onStoreFailure(LimitRequest request,
      List<CountedSlot> slots, List<CounterIncrement> increments, DescriptorStatus[] answers,
      Throwable error) {
    FailurePolicy policy = settings.failurePolicy();
    if (policy == FailurePolicy.LOCAL) {
      return callStore(localFallback, increments)
          .thenApply(totals -> statuses.counted(request, slots, totals, answers));
    }
    statuses.reportErrors(request.domain(), slots, policy == FailurePolicy.ALLOW);
    if (policy == FailurePolicy.ERROR) {
      return CompletableFuture.failedFuture(new StoreUnavailableException(
          "counter store " + store.describe() + " failed or timed out", error));
    }
    return CompletableFuture.completedFuture(
        statuses.decided(request, slots, answers, policy == FailurePolicy.ALLOW));
  }
}
