package dev.ratewise.bench;

import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.limit.TunedLimit;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes a new {@link Limits} snapshot once a second, in which every adaptive limit moves by
 * one within its bounds, up and down in turn. The decision loop publishes only when its advisor
 * proposes a change, which the benchmark's steady load may never cause, so this makes sure the
 * hot path reads a new snapshot every second. It reproduces only the swap, not the loop's reads
 * of telemetry or its CPU use.
 */
final class SnapshotPublisher implements AutoCloseable {
  private final LimitsHolder limits;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-snapshot-publisher");
        thread.setDaemon(true);
        return thread;
      });
  private long published;
  private boolean up = true;

  SnapshotPublisher(LimitsHolder limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    executor.scheduleAtFixedRate(this::cycle, 1, 1, TimeUnit.SECONDS);
  }

  /** Returns how many snapshots were published so far. */
  synchronized long published() {
    return published;
  }

  private synchronized void cycle() {
    Limits current = limits.current();
    Map<String, TunedLimit> changes = new HashMap<>();
    for (Rule rule : current.adaptiveRules()) {
      long step = up ? 1 : -1;
      long value = Math.max(rule.adaptive().min(),
          Math.min(rule.adaptive().max(), rule.requestsPerUnit() + step));
      changes.put(rule.id(), new TunedLimit(value, "tuning", "bench", clock.instant()));
    }
    up = !up;
    limits.publishTuned(changes);
    published++;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
