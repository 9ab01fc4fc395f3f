package dev.ratewise.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hits per key (the descriptor's last value: a tenant or an address) over the last
 * {@link #BUCKETS} × {@link #BUCKET_SECONDS} seconds, in rotating buckets. Memory is bounded:
 * each bucket counts at most {@link #MAX_KEYS} keys, and hits of further keys go to an overflow
 * count, so a flood of distinct addresses lowers the top-3 share as it should.
 */
final class KeyCounts {
  /** Seconds one bucket covers. */
  static final int BUCKET_SECONDS = 10;
  /** Buckets kept; with 10 s buckets the window is 30 s. */
  static final int BUCKETS = 3;
  /** Distinct keys counted per bucket. */
  static final int MAX_KEYS = 1_000;

  /** The buckets by {@code (start / BUCKET_SECONDS) % BUCKETS}; replaced under this lock. */
  private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(BUCKETS);

  KeyCounts() {
    for (int i = 0; i < BUCKETS; i++) {
      buckets.set(i, new Bucket(Long.MIN_VALUE));
    }
  }

  void record(long second, String key, long count) {
    long start = second - Math.floorMod(second, (long) BUCKET_SECONDS);
    int index = (int) Math.floorMod(start / BUCKET_SECONDS, (long) BUCKETS);
    Bucket bucket = buckets.get(index);
    if (bucket.start != start) {
      bucket = rotate(index, start);
    }
    bucket.add(key, count);
  }

  /** Returns the top-3 share and the distinct keys of the buckets that end at or before now. */
  Summary summarize(long nowSecond) {
    Map<String, Long> merged = new java.util.HashMap<>();
    long overflow = 0;
    long oldest = nowSecond - (long) BUCKETS * BUCKET_SECONDS;
    for (int i = 0; i < BUCKETS; i++) {
      Bucket bucket = buckets.get(i);
      if (bucket.start <= oldest || bucket.start > nowSecond) {
        continue;
      }
      for (Map.Entry<String, LongAdder> entry : bucket.counts.entrySet()) {
        merged.merge(entry.getKey(), entry.getValue().sum(), Long::sum);
      }
      overflow += bucket.overflow.sum();
    }

    long total = overflow;
    List<Long> values = new ArrayList<>(merged.values());
    for (long value : values) {
      total += value;
    }
    values.sort(java.util.Comparator.reverseOrder());
    long top = 0;
    for (int i = 0; i < Math.min(3, values.size()); i++) {
      top += values.get(i);
    }
    double share = total == 0 ? 0 : (double) top / total;
    return new Summary(share, merged.size() + (overflow > 0 ? 1 : 0));
  }

  private synchronized Bucket rotate(int index, long start) {
    if (buckets.get(index).start < start) {
      buckets.set(index, new Bucket(start));
    }
    return buckets.get(index);
  }

  /** The top-3 share (0 to 1) and distinct keys; overflowed keys count as one more key. */
  record Summary(double topKeyShare, int distinctKeys) {}

  private static final class Bucket {
    final long start;
    final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
    final AtomicInteger size = new AtomicInteger();
    final LongAdder overflow = new LongAdder();

    Bucket(long start) {
      this.start = start;
    }

    void add(String key, long count) {
      LongAdder adder = counts.get(key);
      if (adder == null) {
        if (size.get() >= MAX_KEYS) {
          overflow.add(count);
          return;
        }
        adder = counts.computeIfAbsent(key, k -> {
          size.incrementAndGet();
          return new LongAdder();
        });
      }
      adder.add(count);
    }
  }
}
