package dev.ratewise.loadtest;

import io.grpc.Status;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Collects the outcomes of one run: a latency histogram, counts per tier and verdict overall and
 * per phase, and failures per gRPC status. Safe to record from many transport threads at once.
 */
final class Tally {
  /** Significant decimal digits the histogram keeps: 3 means 0.1% resolution. */
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram latencyMicros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
  private final Map<String, LongAdder[]> byTier = new ConcurrentHashMap<>();
  private final Map<String, Map<String, LongAdder[]>> byPhase = new ConcurrentHashMap<>();
  private final Map<Status.Code, LongAdder> errors = new ConcurrentHashMap<>();
  private final List<String> tierOrder;
  private final List<String> phaseOrder;
  private final LongAdder sent = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final LongAdder allowed = new LongAdder();

  /**
   * @param tierOrder the tiers in the order reports list them; others follow
   * @param phaseOrder the phase names in the order reports list them; others follow
   */
  Tally(List<String> tierOrder, List<String> phaseOrder) {
    this.tierOrder = List.copyOf(tierOrder);
    this.phaseOrder = List.copyOf(phaseOrder);
  }

  void countSent() {
    sent.increment();
  }

  void record(String phase, String tier, Verdict verdict, Status.Code status,
      long latencyNanos) {
    latencyMicros.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
    byTier.computeIfAbsent(tier, key -> newCounters())[verdict.ordinal()].increment();
    byPhase.computeIfAbsent(phase, key -> new ConcurrentHashMap<>())
        .computeIfAbsent(tier, key -> newCounters())[verdict.ordinal()].increment();
    if (verdict == Verdict.ERROR) {
      errors.computeIfAbsent(status, key -> new LongAdder()).increment();
    }
    if (verdict == Verdict.ALLOWED) {
      allowed.increment();
    }
    completed.increment();
  }

  long sent() {
    return sent.sum();
  }

  long completed() {
    return completed.sum();
  }

  long allowed() {
    return allowed.sum();
  }

  Report report(String label, String target, Api api, String mode, double seconds) {
    Histogram copy = latencyMicros.copy();
    Report.Latency latency = new Report.Latency(
        millis(copy.getValueAtPercentile(50)), millis(copy.getValueAtPercentile(90)),
        millis(copy.getValueAtPercentile(99)), millis(copy.getValueAtPercentile(99.9)),
        millis(copy.getMaxValue()));
    Map<String, Long> errorsByStatus = new LinkedHashMap<>();
    new TreeMap<>(errors).forEach((code, count) -> errorsByStatus.put(code.name(), count.sum()));
    long done = completed();
    return new Report(label, target, api, mode, seconds, sent(), done,
        seconds > 0 ? done / seconds : 0, latency, errorsByStatus, tierCounts(byTier),
        phaseCounts());
  }

  private Map<String, Map<String, Report.TierCounts>> phaseCounts() {
    Map<String, Map<String, Report.TierCounts>> phases = new LinkedHashMap<>();
    for (String phase : phaseOrder) {
      phases.put(phase, tierCounts(byPhase.getOrDefault(phase, Map.of())));
    }
    byPhase.keySet().stream().sorted().filter(phase -> !phases.containsKey(phase))
        .forEach(phase -> phases.put(phase, tierCounts(byPhase.get(phase))));
    return phases;
  }

  private Map<String, Report.TierCounts> tierCounts(Map<String, LongAdder[]> counters) {
    Map<String, Report.TierCounts> tiers = new LinkedHashMap<>();
    for (String tier : tierOrder) {
      tiers.put(tier, counts(counters.get(tier)));
    }
    counters.keySet().stream().sorted().filter(tier -> !tiers.containsKey(tier))
        .forEach(tier -> tiers.put(tier, counts(counters.get(tier))));
    return tiers;
  }

  private static Report.TierCounts counts(LongAdder[] counters) {
    if (counters == null) {
      return new Report.TierCounts(0, 0, 0, 0);
    }
    return new Report.TierCounts(counters[Verdict.ALLOWED.ordinal()].sum(),
        counters[Verdict.DENIED.ordinal()].sum(), counters[Verdict.REJECTED.ordinal()].sum(),
        counters[Verdict.ERROR.ordinal()].sum());
  }

  private static LongAdder[] newCounters() {
    LongAdder[] counters = new LongAdder[Verdict.values().length];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new LongAdder();
    }
    return counters;
  }

  private static double millis(long micros) {
    return micros / 1000.0;
  }
}
