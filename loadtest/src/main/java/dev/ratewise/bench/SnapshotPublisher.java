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
 * Stands in for the decision loop's effect on the hot path: once a second, while active, it
 * reads every adaptive rule and its tuned limit from the live snapshot and publishes a new
 * snapshot in which each adaptive limit moves by one within its bounds.
 *
 * <p>NOTE: the real loop also reads request telemetry, which the request path writes, and runs
 * a forecast, an advisor and an audit write. Those run on the loop's own threads; only their CPU
 * use and the snapshot swap reach the request path, and this stand-in does not reproduce the CPU
 * use.
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
  private volatile boolean active;
  private long published;
  private boolean up = true;

  SnapshotPublisher(LimitsHolder limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
    executor.scheduleAtFixedRate(this::cycle, 1, 1, TimeUnit.SECONDS);
  }

  void setActive(boolean active) {
    this.active = active;
  }

  /** Returns how many snapshots were published so far. */
  synchronized long published() {
    return published;
  }

  private synchronized void cycle() {
    if (!active) {
      return;
    }
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
