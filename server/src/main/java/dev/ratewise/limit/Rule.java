package dev.ratewise.limit;

import dev.ratewise.config.AdaptiveSpec;
import dev.ratewise.config.Unit;
import java.util.List;

/**
 * A limit that a descriptor matched, with the value in force right now.
 *
 * @param id the rule's path, such as "ratewise.tier_enterprise.tenant"; stable across reloads
 * @param name the config's {@code name}; empty when unset
 * @param requestsPerUnit the limit in force, tuned or configured
 * @param baseline the configured {@code requests_per_unit}
 * @param unit the window; null when unlimited
 * @param unlimited whether everything is allowed without counting
 * @param shadowMode whether over-limit answers are turned into OK
 * @param detailedMetric whether metrics may carry the request's value
 * @param replaces names of limits this rule removes from the answer
 * @param adaptive tuning bounds; null when not tuned
 * @param fromOverride whether Envoy's per-descriptor override produced this rule
 */
public record Rule(
    String id,
    String name,
    long requestsPerUnit,
    long baseline,
    Unit unit,
    boolean unlimited,
    boolean shadowMode,
    boolean detailedMetric,
    List<String> replaces,
    AdaptiveSpec adaptive,
    boolean fromOverride) {

  public Rule {
    replaces = List.copyOf(replaces);
  }

  /** Returns a copy with another limit in force. */
  public Rule withRequestsPerUnit(long value) {
    return new Rule(id, name, value, baseline, unit, unlimited, shadowMode, detailedMetric,
        replaces, adaptive, fromOverride);
  }
}
