package dev.ratewise.limit;

import java.time.Clock;
import java.util.List;

/** Turns counter totals into descriptor statuses and reports each outcome. */
final class StatusBuilder {
  private final LimiterSettings settings;
  private final LimiterObserver observer;
  private final OverLimitCache overLimitCache;
  private final Clock clock;

  StatusBuilder(LimiterSettings settings, LimiterObserver observer,
      OverLimitCache overLimitCache, Clock clock) {
    this.settings = settings;
    this.observer = observer;
    this.overLimitCache = overLimitCache;
    this.clock = clock;
  }

  LimitResponse counted(LimitRequest request, List<CountedSlot> slots, long[] totals,
      DescriptorStatus[] answers) {
    long nowMillis = clock.millis();
    for (int i = 0; i < slots.size(); i++) {
      CountedSlot slot = slots.get(i);
      long total = totals[i];
      long limit = slot.limit();
      // The reference service: over when the count after this request exceeds the limit.
      boolean over = total > limit;
      boolean near = !over && total > Math.floor(limit * settings.nearLimitRatio());
      if (over) {
        overLimitCache.put(slot.key(), limit, slot.windowEndMillis(), nowMillis);
      }
      answers[slot.index()] = status(slot, over, over ? 0 : limit - total, false);
      report(request.domain(), slot, over, near);
    }
    return finish(request, answers);
  }

  DescriptorStatus fromCache(String domain, CountedSlot slot) {
    observer.onCacheAnswer(slot.rule());
    report(domain, slot, true, false);
    return status(slot, true, 0, true);
  }

  LimitResponse decided(LimitRequest request, List<CountedSlot> slots,
      DescriptorStatus[] answers, boolean allow) {
    for (CountedSlot slot : slots) {
      Code code = allow ? Code.OK : Code.OVER_LIMIT;
      long remaining = allow ? slot.limit() : 0;
      answers[slot.index()] =
          new DescriptorStatus(code, slot.rule(), remaining, slot.resetSeconds(), false);
    }
    return finish(request, answers);
  }

  void reportErrors(String domain, List<CountedSlot> slots, boolean allowed) {
    for (CountedSlot slot : slots) {
      observer.onDescriptor(domain, slot.descriptor(), slot.rule(), Outcome.ERROR, slot.hits(),
          allowed);
    }
  }

  LimitResponse finish(LimitRequest request, DescriptorStatus[] answers) {
    boolean anyOver = false;
    for (DescriptorStatus answer : answers) {
      anyOver |= answer.code() == Code.OVER_LIMIT;
    }
    Code overall = anyOver && !settings.globalShadowMode() ? Code.OVER_LIMIT : Code.OK;
    // List.of copies once, and LimitResponse keeps that immutable list without a second copy.
    return new LimitResponse(overall, List.of(answers));
  }

  private static DescriptorStatus status(CountedSlot slot, boolean over, long remaining,
      boolean fromCache) {
    Code code = over && !slot.rule().shadowMode() ? Code.OVER_LIMIT : Code.OK;
    return new DescriptorStatus(code, slot.rule(), remaining, slot.resetSeconds(), fromCache);
  }

  private void report(String domain, CountedSlot slot, boolean over, boolean near) {
    Outcome outcome;
    if (over) {
      outcome = slot.rule().shadowMode() ? Outcome.SHADOW : Outcome.OVER_LIMIT;
    } else {
      outcome = near ? Outcome.NEAR_LIMIT : Outcome.OK;
    }
    boolean allowed = !over || slot.rule().shadowMode();
    observer.onDescriptor(domain, slot.descriptor(), slot.rule(), outcome, slot.hits(), allowed);
  }
}
