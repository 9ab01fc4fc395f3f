package dev.ratewise.bench;

import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Counts how often the live {@link Limits} snapshot is replaced, by sampling it every 10 ms, so a
 * benchmark can show that the decision loop did publish while it measured. Two swaps within one
 * sample count as one.
 */
final class SnapshotWatcher implements AutoCloseable {
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-snapshot-watcher");
        thread.setDaemon(true);
        return thread;
      });
  private Limits last;
  private long swaps;

  SnapshotWatcher(LimitsHolder limits) {
    last = limits.current();
    executor.scheduleAtFixedRate(() -> sample(limits), 10, 10, TimeUnit.MILLISECONDS);
  }

  private synchronized void sample(LimitsHolder limits) {
    Limits current = limits.current();
    if (current != last) {
      swaps++;
      last = current;
    }
  }

  synchronized long swaps() {
    return swaps;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
