package dev.ratewise.loadtest.demo;

import dev.ratewise.loadtest.demo.CheckCaller.Verdict;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts Check verdicts and backend errors per tier and per second of a run. Thread-safe: gRPC
 * callbacks record into it while the report reads finished runs.
 */
final class TrafficLog {
  /** Counts of one tier in one second. */
  static final class Counts {
    final EnumMap<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
    int backendErrors;

    int get(Verdict verdict) {
      return verdicts.getOrDefault(verdict, 0);
    }

    int total() {
      return verdicts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final Map<String, TreeMap<Long, Counts>> byTier = new HashMap<>();

  synchronized void record(String tier, long second, Verdict verdict, boolean backendError) {
    Counts counts = byTier.computeIfAbsent(tier, ignored -> new TreeMap<>())
        .computeIfAbsent(second, ignored -> new Counts());
    counts.verdicts.merge(verdict, 1, Integer::sum);
    if (backendError) {
      counts.backendErrors++;
    }
  }

  /** Returns the count of one verdict for a tier over the seconds in [from, to). */
  synchronized int count(String tier, Verdict verdict, long from, long to) {
    TreeMap<Long, Counts> seconds = byTier.get(tier);
    if (seconds == null) {
      return 0;
    }
    return seconds.subMap(from, to).values().stream().mapToInt(c -> c.get(verdict)).sum();
  }

  /** Returns the backend errors of a tier over the seconds in [from, to). */
  synchronized int backendErrors(String tier, long from, long to) {
    TreeMap<Long, Counts> seconds = byTier.get(tier);
    if (seconds == null) {
      return 0;
    }
    return seconds.subMap(from, to).values().stream().mapToInt(c -> c.backendErrors).sum();
  }
}
