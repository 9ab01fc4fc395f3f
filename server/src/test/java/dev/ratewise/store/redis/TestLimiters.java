package dev.ratewise.store.redis;

import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.Limiter;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.local.LocalCounterStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds a real {@link Limiter} over a given store from YAML config text. */
final class TestLimiters {
  private TestLimiters() {}

  static Limiter build(String yaml, CounterStore store, LocalCounterStore fallback,
      LimiterSettings settings, DegradedMode degraded, Clock clock) throws ConfigException {
    LimitsHolder limits = new LimitsHolder(
        Limits.compile(ConfigLoader.loadTexts(Map.of("test.yaml", yaml))));
    return new Limiter(limits, store, fallback, settings, degraded, clock,
        new SplittableRandom(42), LimiterObserver.NONE);
  }

  static LimiterSettings settings(Duration storeTimeout, FailurePolicy policy, int jitter) {
    return new LimiterSettings(storeTimeout, policy, 0.8, false, jitter);
  }
}
