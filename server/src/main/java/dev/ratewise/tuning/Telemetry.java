package dev.ratewise.tuning;

import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the traffic of adaptive rules for the decision loop: per second hits, allowed and
 * denied over the last {@link #WINDOW_SECONDS} seconds, and the busiest keys over the last 30 s.
 * Runs on the request path, so it only does atomic adds, plus a short lock once per second per
 * rule; rules without an {@code adaptive} block are skipped.
 */
public final class Telemetry implements LimiterObserver, TrafficCounts {
  /** Seconds of per-second counts kept per rule. */
  public static final int WINDOW_SECONDS = 600;

  private final Clock clock;
  private final long startSecond;
  private final ConcurrentHashMap<String, RuleTraffic> traffic = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, KeyCounts> keys = new ConcurrentHashMap<>();

  public Telemetry(Clock clock) {
    this.clock = clock;
    this.startSecond = Math.floorDiv(clock.millis(), 1000L);
  }

  @Override
  public void onDescriptor(String domain, Descriptor descriptor, Rule rule, Outcome outcome,
      long hits, boolean allowed) {
    if (rule == null || rule.adaptive() == null || hits <= 0) {
      return;
    }
    long second = Math.floorDiv(clock.millis(), 1000L);
    // A plain get first: computeIfAbsent may lock the bin even when the rule is present.
    RuleTraffic counts = traffic.get(rule.id());
    if (counts == null) {
      counts = traffic.computeIfAbsent(rule.id(), id -> new RuleTraffic(WINDOW_SECONDS));
    }
    counts.record(second, hits, allowed);
    KeyCounts ruleKeys = keys.get(rule.id());
    if (ruleKeys == null) {
      ruleKeys = keys.computeIfAbsent(rule.id(), id -> new KeyCounts());
    }
    ruleKeys.record(second, descriptor.entries().get(descriptor.entries().size() - 1).value(),
        hits);
  }

  @Override
  public long[][] perSecond(String rule, long firstSecond, int seconds) {
    RuleTraffic counts = traffic.get(rule);
    return counts == null ? new long[3][seconds] : counts.perSecond(firstSecond, seconds);
  }

  /** Returns the top-3 key share and distinct keys of a rule over the last 30 s. */
  KeyCounts.Summary keySummary(String rule) {
    KeyCounts counts = keys.get(rule);
    long now = Math.floorDiv(clock.millis(), 1000L);
    return counts == null ? new KeyCounts.Summary(0, 0) : counts.summarize(now);
  }

  /** Returns the ids of the adaptive rules that have seen traffic. */
  public java.util.Set<String> rules() {
    return java.util.Set.copyOf(traffic.keySet());
  }

  /** Returns the epoch second this telemetry started counting in. */
  public long startSecond() {
    return startSecond;
  }

  public Clock clock() {
    return clock;
  }
}
