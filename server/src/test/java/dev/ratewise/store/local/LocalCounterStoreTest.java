package dev.ratewise.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.CounterStoreContract;
import dev.ratewise.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Runs the counter store contract against the in-process store with a fake clock. */
class LocalCounterStoreTest extends CounterStoreContract {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LocalCounterStore store = new LocalCounterStore(clock);

  @Override
  protected CounterStore store() {
    return store;
  }

  @Override
  protected OptionalLong ttlSeconds(String key) {
    OptionalLong millis = store.remainingMillis(key);
    return millis.isPresent() ? OptionalLong.of(millis.getAsLong() / 1000) : OptionalLong.empty();
  }

  @Test
  void ttlPassed_startsNewCount() throws Exception {
    String key = key("expiry");
    increment(new CounterIncrement(key, 5, 60));

    clock.advance(Duration.ofSeconds(60));
    long total = increment(new CounterIncrement(key, 1, 60))[0];

    assertEquals(1, total);
  }

  @Test
  void readBeforeFirstHit_doesNotStartTtl() throws Exception {
    String key = key("late");
    increment(new CounterIncrement(key, 0, 60));

    clock.advance(Duration.ofSeconds(30));
    increment(new CounterIncrement(key, 1, 60));
    clock.advance(Duration.ofSeconds(45));
    long total = increment(new CounterIncrement(key, 1, 60))[0];

    assertEquals(2, total);
  }
}
