package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.config.AdaptiveSpec;
import dev.ratewise.config.Unit;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import dev.ratewise.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  private static final Rule ADAPTIVE = new Rule("d.tier_free.tenant", "", 3, 3, Unit.SECOND,
      false, false, false, List.of(), new AdaptiveSpec(3, 9, 0.01), false);
  private static final Rule FIXED = new Rule("d.edge.remote_address", "", 3, 3, Unit.SECOND,
      false, false, false, List.of(), null, false);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Telemetry telemetry = new Telemetry(clock);
  private final long start = clock.millis() / 1000;

  private void hit(Rule rule, String key, long hits, boolean allowed) {
    telemetry.onDescriptor("d", Descriptor.of("tier", "free", "tenant", key), rule,
        allowed ? Outcome.OK : Outcome.OVER_LIMIT, hits, allowed);
  }

  @Test
  void perSecondCounts_splitAllowedAndDenied() {
    hit(ADAPTIVE, "alice", 2, true);
    hit(ADAPTIVE, "alice", 1, false);
    clock.advance(Duration.ofSeconds(1));
    hit(ADAPTIVE, "bob", 4, true);

    long[][] rows = telemetry.perSecond(ADAPTIVE.id(), start, 3);

    assertArrayEquals(new long[] {3, 4, 0}, rows[TrafficCounts.HITS]);
    assertArrayEquals(new long[] {2, 4, 0}, rows[TrafficCounts.ALLOWED]);
    assertArrayEquals(new long[] {1, 0, 0}, rows[TrafficCounts.DENIED]);
  }

  @Test
  void nonAdaptiveRule_notCounted() {
    hit(FIXED, "alice", 5, true);

    long[][] rows = telemetry.perSecond(FIXED.id(), start, 1);

    assertArrayEquals(new long[] {0}, rows[TrafficCounts.HITS]);
  }

  @Test
  void ringBuffer_forgetsSecondsOlderThanWindow() {
    hit(ADAPTIVE, "alice", 7, true);
    clock.advance(Duration.ofSeconds(Telemetry.WINDOW_SECONDS));
    hit(ADAPTIVE, "alice", 1, true);

    long[][] old = telemetry.perSecond(ADAPTIVE.id(), start, 1);
    long[][] fresh = telemetry.perSecond(ADAPTIVE.id(), start + Telemetry.WINDOW_SECONDS, 1);

    assertArrayEquals(new long[] {0}, old[TrafficCounts.HITS]);
    assertArrayEquals(new long[] {1}, fresh[TrafficCounts.HITS]);
  }

  @Test
  void keySummary_topThreeShareAndDistinctKeys() {
    hit(ADAPTIVE, "a", 40, true);
    hit(ADAPTIVE, "b", 30, true);
    hit(ADAPTIVE, "c", 20, true);
    for (int i = 0; i < 10; i++) {
      hit(ADAPTIVE, "small" + i, 1, true);
    }

    KeyCounts.Summary summary = telemetry.keySummary(ADAPTIVE.id());

    assertEquals(0.9, summary.topKeyShare(), 1e-9);
    assertEquals(13, summary.distinctKeys());
  }

  @Test
  void keyFlood_boundedAndShareDrops() {
    for (int i = 0; i < 5 * KeyCounts.MAX_KEYS; i++) {
      hit(ADAPTIVE, "10.0." + i, 1, false);
    }

    KeyCounts.Summary summary = telemetry.keySummary(ADAPTIVE.id());

    assertEquals(KeyCounts.MAX_KEYS + 1, summary.distinctKeys());
    assertEquals(3.0 / (5 * KeyCounts.MAX_KEYS), summary.topKeyShare(), 1e-9);
  }

  @Test
  void keySummary_forgetsKeysAfterThirtySeconds() {
    hit(ADAPTIVE, "old", 50, true);
    clock.advance(Duration.ofSeconds(40));
    hit(ADAPTIVE, "new", 1, true);

    KeyCounts.Summary summary = telemetry.keySummary(ADAPTIVE.id());

    assertEquals(1, summary.distinctKeys());
  }
}
