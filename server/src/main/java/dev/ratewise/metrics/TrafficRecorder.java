package dev.ratewise.metrics;

import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Entry;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the hits of adaptive rules for the timeline: requested, allowed and denied per rule,
 * and the hits of each descriptor value since the last sample, which the counterfactual revenue
 * needs. Only the timeline reads the values, and they never become metric labels.
 */
final class TrafficRecorder implements LimiterObserver {
  /** The maximum number of descriptor values tracked per rule and sample. The rest share a slot. */
  static final int MAX_KEYS_PER_RULE = 1_000;
  /** The slot of values beyond {@link #MAX_KEYS_PER_RULE}. */
  static final String OTHER_KEYS = "";

  private final Map<String, RuleTraffic> rules = new ConcurrentHashMap<>();

  @Override
  public void onDescriptor(String domain, Descriptor descriptor, Rule rule, Outcome outcome,
      long hits, boolean allowed) {
    if (rule.adaptive() == null) {
      return;
    }

    RuleTraffic traffic = rules.computeIfAbsent(rule.id(), id -> new RuleTraffic());
    (allowed ? traffic.allowed : traffic.denied).add(hits);
    List<Entry> entries = descriptor.entries();
    traffic.addKeyHits(entries.get(entries.size() - 1).value(), hits);
  }

  /** Returns the counts of a rule, which are zero before its first hit. */
  RuleTraffic traffic(String ruleId) {
    return rules.computeIfAbsent(ruleId, id -> new RuleTraffic());
  }

  /** One adaptive rule's counts. */
  static final class RuleTraffic {
    private final LongAdder allowed = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final AtomicReference<Map<String, LongAdder>> keyHits =
        new AtomicReference<>(new ConcurrentHashMap<>());

    long allowedTotal() {
      return allowed.sum();
    }

    long deniedTotal() {
      return denied.sum();
    }

    /**
     * Returns the hits of each descriptor value since the previous call and starts a new
     * interval. Hits that race with the swap land in the next interval.
     */
    Map<String, LongAdder> drainKeyHits() {
      return keyHits.getAndSet(new ConcurrentHashMap<>());
    }

    private void addKeyHits(String value, long hits) {
      Map<String, LongAdder> current = keyHits.get();
      LongAdder adder = current.get(value);
      if (adder == null) {
        String slot = current.size() >= MAX_KEYS_PER_RULE ? OTHER_KEYS : value;
        adder = current.computeIfAbsent(slot, v -> new LongAdder());
      }
      adder.add(hits);
    }
  }
}
