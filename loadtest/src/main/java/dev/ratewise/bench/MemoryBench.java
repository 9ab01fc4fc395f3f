package dev.ratewise.bench;

import dev.ratewise.limit.CounterKeys;
import dev.ratewise.limit.Entry;
import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.local.LocalCounterStore;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap cost of the in-process store: one million distinct counters, keyed as the limiter keys
 * {@code [tier=enterprise, tenant=tenant-<i>]} one-second windows, measured with the heap in use
 * after a full GC before and after. Then the clock passes the counters' TTL, {@code sweep()}
 * removes them and the heap is measured again.
 */
final class MemoryBench {
  static final int KEYS = 1_000_000;
  private static final int BATCH = 1_000;
  private static final long WINDOW_START = 1_700_000_000L;

  private final PrintStream out;

  MemoryBench(PrintStream out) {
    this.out = out;
  }

  Report run() {
    BenchClock clock = new BenchClock(Instant.ofEpochSecond(WINDOW_START));
    LocalCounterStore store = new LocalCounterStore(clock);
    long empty = heapAfterGc();

    fill(store);
    long full = heapAfterGc();
    int held = store.size();

    clock.advance(Duration.ofSeconds(2));
    int removed = store.sweep();
    long swept = heapAfterGc();

    double bytesPerKey = (double) (full - empty) / KEYS;
    double reclaimed = (double) (full - swept) / (full - empty);
    print(empty, full, swept, bytesPerKey, reclaimed);
    store.close();
    return new Report("memory", "heap per live key of the in-process store, and reclaim by sweep()")
        .put("keys", KEYS)
        .put("keyShape", CounterKeys.build("ratewise", entries(123_456), 1, WINDOW_START))
        .put("countersHeld", held)
        .put("countersSwept", removed)
        .put("heapEmptyBytes", empty)
        .put("heapFullBytes", full)
        .put("heapSweptBytes", swept)
        .put("bytesPerKey", bytesPerKey)
        .put("reclaimedShare", reclaimed)
        .target(TargetCheck.atLeast("share of the store's heap reclaimed by sweep()", 0.9,
            reclaimed));
  }

  private static void fill(LocalCounterStore store) {
    for (int first = 0; first < KEYS; first += BATCH) {
      List<CounterIncrement> increments = new ArrayList<>(BATCH);
      for (int i = first; i < first + BATCH; i++) {
        String key = CounterKeys.build("ratewise", entries(i), 1, WINDOW_START);
        increments.add(new CounterIncrement(key, 1, 1));
      }
      store.increment(increments).join();
    }
  }

  private static List<Entry> entries(int tenant) {
    return List.of(new Entry("tier", "enterprise"), new Entry("tenant", "tenant-" + tenant));
  }

  /** Returns the heap in use after full collections, once two in a row agree within 1 MB. */
  static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 10; attempt++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 1 << 20) {
        return used;
      }
      previous = used;
    }
    return previous;
  }

  private void print(long empty, long full, long swept, double bytesPerKey, double reclaimed) {
    new Table("in-process store memory, " + KEYS + " keys", "heap", "MB")
        .row("before", empty / 1e6)
        .row("with 1M live counters", full / 1e6)
        .row("after sweep()", swept / 1e6)
        .row("bytes per live key", bytesPerKey)
        .row("share reclaimed by sweep()", reclaimed)
        .print(out);
  }
}
