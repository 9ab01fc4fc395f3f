package dev.ratewise.limit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counter keys known to be over their limit for the rest of their window, so the limiter answers
 * them without the store. An entry holds the limit it was measured against: after an override or
 * a retune changes the limit, the entry no longer matches and the store is asked again.
 */
final class OverLimitCache {
  /** Entries kept at most; past this, expired entries are swept and new ones may be skipped. */
  static final int MAX_ENTRIES = 100_000;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Returns whether the key is over this limit at {@code nowMillis}. */
  boolean isOver(String key, long limit, long nowMillis) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    if (entry.windowEndMillis <= nowMillis) {
      entries.remove(key, entry);
      return false;
    }
    return entry.limit == limit;
  }

  void put(String key, long limit, long windowEndMillis, long nowMillis) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(entry -> entry.windowEndMillis <= nowMillis);
      if (entries.size() >= MAX_ENTRIES) {
        return;
      }
    }
    entries.put(key, new Entry(limit, windowEndMillis));
  }

  int size() {
    return entries.size();
  }

  private record Entry(long limit, long windowEndMillis) {}
}
