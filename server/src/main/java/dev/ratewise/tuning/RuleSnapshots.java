package dev.ratewise.tuning;

import dev.ratewise.limit.Limits;
import dev.ratewise.limit.Rule;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import dev.ratewise.tuning.forecast.DemandWindow;
import dev.ratewise.tuning.forecast.Forecast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds what the forecast and the advisor see of each adaptive rule from the traffic counts.
 * Per-second counts come from {@link TrafficCounts} (the fleet's with Redis); key statistics
 * come from this replica's {@link Telemetry} only.
 */
final class RuleSnapshots {
  /** Complete seconds averaged into demand, allowed and denied rates. */
  static final int RECENT_SECONDS = 10;

  private final Telemetry telemetry;
  private final TrafficCounts counts;

  RuleSnapshots(Telemetry telemetry, TrafficCounts counts) {
    this.telemetry = telemetry;
    this.counts = counts;
  }

  /**
   * Returns each adaptive rule's demand window: the complete seconds since counting started, at
   * most {@link Telemetry#WINDOW_SECONDS}, oldest first, and never fewer than one.
   */
  Map<String, DemandWindow> windows(Limits limits) {
    long now = Math.floorDiv(telemetry.clock().millis(), 1000L);
    long first = Math.max(telemetry.startSecond(), now - Telemetry.WINDOW_SECONDS);
    int seconds = (int) Math.max(1, now - first);
    Map<String, DemandWindow> windows = new LinkedHashMap<>();
    for (Rule rule : limits.adaptiveRules()) {
      long[] hits = counts.perSecond(rule.id(), now - seconds, seconds)[TrafficCounts.HITS];
      double[] series = new double[seconds];
      for (int i = 0; i < seconds; i++) {
        series[i] = hits[i];
      }
      KeyCounts.Summary keys = telemetry.keySummary(rule.id());
      windows.put(rule.id(), new DemandWindow(series, keys.topKeyShare(), keys.distinctKeys()));
    }
    return windows;
  }

  /** Returns one snapshot per adaptive rule, in config order; forecasts may be missing. */
  List<RuleSnapshot> snapshots(Limits limits, Map<String, Forecast> forecasts) {
    long now = Math.floorDiv(telemetry.clock().millis(), 1000L);
    int seconds = (int) Math.max(1, Math.min(RECENT_SECONDS, now - telemetry.startSecond()));
    List<RuleSnapshot> snapshots = new ArrayList<>();
    for (Rule rule : limits.adaptiveRules()) {
      long[][] rows = counts.perSecond(rule.id(), now - seconds, seconds);
      int activeKeys = Math.max(telemetry.keySummary(rule.id()).distinctKeys(),
          configuredTenants(limits, tier(rule.id())));
      snapshots.add(new RuleSnapshot(rule.id(), tier(rule.id()), rule.unit().seconds(),
          rule.baseline(), rule.requestsPerUnit(), rule.adaptive().min(), rule.adaptive().max(),
          rule.adaptive().revenuePerRequest(), mean(rows[TrafficCounts.HITS]),
          mean(rows[TrafficCounts.ALLOWED]), mean(rows[TrafficCounts.DENIED]), activeKeys,
          forecasts.get(rule.id())));
    }
    return snapshots;
  }

  /**
   * Returns the tenants the config lists for a tier, at least 1. Each of them may call at any
   * moment, so capacity is shared as if all were active even before traffic shows them.
   */
  static int configuredTenants(Limits limits, String tier) {
    long count = limits.config().tenants().values().stream()
        .filter(tenant -> tenant.tier().equals(tier))
        .count();
    return (int) Math.max(1, count);
  }

  /**
   * Returns the tier in a rule id: the text after {@code tier_} in a path segment, such as
   * "enterprise" in "ratewise.tier_enterprise.tenant"; empty when no segment has it.
   */
  static String tier(String ruleId) {
    for (String segment : ruleId.split("\\.")) {
      if (segment.startsWith("tier_") && segment.length() > "tier_".length()) {
        return segment.substring("tier_".length());
      }
    }
    return "";
  }

  private static double mean(long[] values) {
    long sum = 0;
    for (long value : values) {
      sum += value;
    }
    return values.length == 0 ? 0 : (double) sum / values.length;
  }
}
