package dev.ratewise.tuning;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One rule's per-second hits, allowed and denied counts in ring buffers of {@link #capacity}
 * seconds. Slot {@code second % capacity} holds the second stamped beside it; the first record
 * of a new second resets the slot under a lock taken once per second, and every other record is
 * a lock-free atomic add.
 */
final class RuleTraffic {
  private final int capacity;
  private final AtomicLongArray stamps;
  private final AtomicLongArray hits;
  private final AtomicLongArray allowed;
  private final AtomicLongArray denied;

  RuleTraffic(int capacity) {
    this.capacity = capacity;
    this.stamps = new AtomicLongArray(capacity);
    this.hits = new AtomicLongArray(capacity);
    this.allowed = new AtomicLongArray(capacity);
    this.denied = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      stamps.set(i, Long.MIN_VALUE);
    }
  }

  void record(long second, long count, boolean wasAllowed) {
    int slot = (int) Math.floorMod(second, (long) capacity);
    if (stamps.get(slot) != second) {
      reset(slot, second);
    }
    hits.addAndGet(slot, count);
    (wasAllowed ? allowed : denied).addAndGet(slot, count);
  }

  /** Returns hits, allowed and denied for a span of seconds; see {@link TrafficCounts}. */
  long[][] perSecond(long firstSecond, int seconds) {
    long[][] rows = new long[3][seconds];
    for (int i = 0; i < seconds; i++) {
      long second = firstSecond + i;
      int slot = (int) Math.floorMod(second, (long) capacity);
      if (stamps.get(slot) == second) {
        rows[TrafficCounts.HITS][i] = hits.get(slot);
        rows[TrafficCounts.ALLOWED][i] = allowed.get(slot);
        rows[TrafficCounts.DENIED][i] = denied.get(slot);
      }
    }
    return rows;
  }

  private synchronized void reset(int slot, long second) {
    // An older second may still be stamped; a newer one means another thread got here first.
    if (stamps.get(slot) >= second) {
      return;
    }
    hits.set(slot, 0);
    allowed.set(slot, 0);
    denied.set(slot, 0);
    stamps.set(slot, second);
  }
}
