package dev.ratewise.tuning;

import dev.ratewise.admin.v1.GuardrailAction;
import dev.ratewise.admin.v1.GuardrailKind;
import dev.ratewise.config.TuningSpec;
import dev.ratewise.tuning.advisor.Proposal;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an advisor's proposal into limits that are safe to apply. Pure and deterministic: the
 * same rules, proposal and spec always give the same result.
 *
 * <p>Steps, in order, per adaptive rule:
 *
 * <ol>
 *   <li>A missing, NaN, infinite or negative value keeps the current limit.
 *   <li>The value is clamped to [min, max].
 *   <li>It moves at most {@code max_step} times the current limit, up or down.
 *   <li>When {@code capacity_rps > 0}, all rules together promise at most that capacity.
 * </ol>
 *
 * <p>The promised load of a rule is {@code limit / unitSeconds × activeKeys}. Capacity goes to
 * the highest revenue per request first, and every rule keeps at least its {@code min}. Capacity
 * wins over the step, because it protects the backend, and the floors win over capacity.
 * Example: enterprise (0.20 $/req, 2 keys, min 15, now 40) is proposed 60, and free (0.01 $/req,
 * 2 keys, min 3) is proposed 9, which promises 2×60 + 2×9 = 138 rps. At capacity 200 rps both
 * keep their values. At capacity 100 rps the floors use 2×15 + 2×3 = 36 rps. Enterprise takes the
 * remaining 64 rps and is cut to 15 + 64 / 2 = 47, so free keeps only its min 3.
 */
public final class Guardrails {
  /**
   * Share of capacity_rps the limits may promise together. Fixed windows let requests at the end
   * of one window and the start of the next reach the backend within one of its seconds, so
   * limits that promise exactly capacity_rps overload it at window edges. In the seed demo such
   * edges added up to 12 requests in a second above a 200 rps capacity, and still 2 above it
   * with a 95% share; the other 10% covers that with room to spare.
   */
  static final double PLANNED_SHARE = 0.9;

  /** Returns the load all limits together may promise, in requests per second. */
  static double plannedCapacity(TuningSpec spec) {
    return spec.capacityRps() * PLANNED_SHARE;
  }

  private Guardrails() {}

  /**
   * Guards a proposal. A confidence below {@code min_confidence} (or NaN) discards the proposal
   * and records one LOW_CONFIDENCE action per rule. The current limits then still pass the
   * capacity guardrail, because more active keys can push them over capacity.
   */
  public static GuardedLimits guard(List<RuleSnapshot> rules, Proposal proposal, TuningSpec spec) {
    List<GuardrailAction> actions = new ArrayList<>();
    Map<String, RuleSnapshot> byId = index(rules);
    for (String proposed : proposal.limits().keySet()) {
      if (!byId.containsKey(proposed)) {
        actions.add(action(proposed, GuardrailKind.GUARDRAIL_KIND_UNKNOWN_RULE_DROPPED,
            proposal.limits().get(proposed), Double.NaN, "not an adaptive rule"));
      }
    }
    Map<String, Long> limits = new LinkedHashMap<>();
    if (!(proposal.confidence() >= spec.minConfidence())) {
      keepCurrent(rules, proposal, spec, limits, actions);
      shareCapacity(rules, limits, plannedCapacity(spec), actions);
      return new GuardedLimits(limits, actions);
    }

    for (RuleSnapshot rule : rules) {
      long value = readValue(rule, proposal.limits().get(rule.rule()), actions);
      value = clampToBounds(rule, value, actions);
      value = limitStep(rule, value, spec.maxStep(), actions);
      limits.put(rule.rule(), value);
    }
    shareCapacity(rules, limits, plannedCapacity(spec), actions);
    return new GuardedLimits(limits, actions);
  }

  /**
   * Bounds an operator's value for one rule: clamped to [min, max] and cut so that the rule,
   * with every other rule at its current limit, fits {@code capacity_rps}, but never below min.
   * The step limit does not apply to people.
   */
  public static GuardedLimits bound(List<RuleSnapshot> rules, String ruleId, long requested,
      TuningSpec spec) {
    Map<String, RuleSnapshot> byId = index(rules);
    RuleSnapshot rule = byId.get(ruleId);
    if (rule == null) {
      throw new IllegalArgumentException("rule '" + ruleId + "' is not adaptive");
    }

    List<GuardrailAction> actions = new ArrayList<>();
    long value = clampToBounds(rule, requested, actions);
    if (spec.capacityRps() > 0) {
      double othersLoad = 0;
      for (RuleSnapshot other : rules) {
        othersLoad += other.rule().equals(ruleId) ? 0 : load(other, other.current());
      }
      long fitting = unitsFor(rule, plannedCapacity(spec) - othersLoad);
      long capped = Math.max(rule.min(), Math.min(value, fitting));
      if (capped < value) {
        actions.add(action(ruleId, GuardrailKind.GUARDRAIL_KIND_CAPACITY_SHARED, value, capped,
            "capacity_rps " + spec.capacityRps() + " (planned to " + plannedCapacity(spec)
                + ") with other rules at their current limits"));
        value = capped;
      }
    }
    Map<String, Long> limits = new LinkedHashMap<>();
    for (RuleSnapshot other : rules) {
      limits.put(other.rule(), other.rule().equals(ruleId) ? value : other.current());
    }
    return new GuardedLimits(limits, actions);
  }

  /** Returns the load a rule promises at a limit, in requests per second. */
  static double load(RuleSnapshot rule, long limit) {
    return (double) limit / Math.max(1, rule.unitSeconds()) * Math.max(1, rule.activeKeys());
  }

  private static void keepCurrent(List<RuleSnapshot> rules, Proposal proposal,
      TuningSpec spec, Map<String, Long> limits, List<GuardrailAction> actions) {
    for (RuleSnapshot rule : rules) {
      Double proposed = proposal.limits().get(rule.rule());
      actions.add(action(rule.rule(), GuardrailKind.GUARDRAIL_KIND_LOW_CONFIDENCE,
          proposed == null ? Double.NaN : proposed, rule.current(),
          "confidence " + proposal.confidence() + " below min_confidence "
              + spec.minConfidence()));
      limits.put(rule.rule(), rule.current());
    }
  }

  private static long readValue(RuleSnapshot rule, Double proposed,
      List<GuardrailAction> actions) {
    if (proposed == null) {
      actions.add(action(rule.rule(), GuardrailKind.GUARDRAIL_KIND_MISSING_RULE_KEPT,
          Double.NaN, rule.current(), "no value proposed"));
      return rule.current();
    }
    if (!Double.isFinite(proposed) || proposed < 0) {
      actions.add(action(rule.rule(), GuardrailKind.GUARDRAIL_KIND_INVALID_VALUE, proposed,
          rule.current(), "not a finite non-negative number"));
      return rule.current();
    }
    // Values beyond Long.MAX_VALUE saturate; the clamp to max follows.
    return Math.round(proposed);
  }

  private static long clampToBounds(RuleSnapshot rule, long value,
      List<GuardrailAction> actions) {
    if (value < rule.min()) {
      actions.add(action(rule.rule(), GuardrailKind.GUARDRAIL_KIND_CLAMPED_TO_MIN, value,
          rule.min(), "min " + rule.min()));
      return rule.min();
    }
    if (value > rule.max()) {
      actions.add(action(rule.rule(), GuardrailKind.GUARDRAIL_KIND_CLAMPED_TO_MAX, value,
          rule.max(), "max " + rule.max()));
      return rule.max();
    }
    return value;
  }

  /**
   * Keeps a value within [ceil(current / maxStep), floor(current × maxStep)], intersected with
   * the bounds. Example: current 15 and max_step 3 allow 5 to 45. The config loader keeps every
   * baseline within its bounds, and a reload clamps tuned limits, so the intersection is never
   * empty in practice. If it were, the bounds would win.
   */
  private static long limitStep(RuleSnapshot rule, long value, double maxStep,
      List<GuardrailAction> actions) {
    double step = Math.max(1.0, maxStep);
    long low = Math.max(rule.min(), (long) Math.ceil(rule.current() / step));
    long high = Math.min(rule.max(), (long) Math.floor(rule.current() * step));
    if (low > high) {
      return value;
    }
    long stepped = Math.max(low, Math.min(high, value));
    if (stepped != value) {
      actions.add(action(rule.rule(), GuardrailKind.GUARDRAIL_KIND_STEP_LIMITED, value, stepped,
          "max_step " + maxStep + " from " + rule.current()));
    }
    return stepped;
  }

  /** Shares capacity by revenue per request, highest first, as the class comment describes. */
  private static void shareCapacity(List<RuleSnapshot> rules, Map<String, Long> limits,
      double capacityRps, List<GuardrailAction> actions) {
    if (!(capacityRps > 0)) {
      return;
    }
    double floors = 0;
    double proposedLoad = 0;
    for (RuleSnapshot rule : rules) {
      floors += load(rule, rule.min());
      proposedLoad += load(rule, limits.get(rule.rule()));
    }
    if (proposedLoad <= capacityRps) {
      return;
    }

    double budget = capacityRps - floors;
    String floorNote = budget < 0
        ? "the mins alone promise " + floors + " rps, above capacity_rps " + capacityRps
        : "capacity_rps " + capacityRps + " shared by revenue per request";
    List<RuleSnapshot> byRevenue = new ArrayList<>(rules);
    byRevenue.sort(Comparator.comparingDouble(RuleSnapshot::revenuePerRequest).reversed());
    for (RuleSnapshot rule : byRevenue) {
      long value = limits.get(rule.rule());
      double extraLoad = load(rule, value) - load(rule, rule.min());
      double granted = Math.max(0, Math.min(extraLoad, budget));
      long shared = Math.min(value, rule.min() + unitsFor(rule, granted));
      budget -= load(rule, shared) - load(rule, rule.min());
      if (shared < value) {
        actions.add(action(rule.rule(), GuardrailKind.GUARDRAIL_KIND_CAPACITY_SHARED, value,
            shared, floorNote));
        limits.put(rule.rule(), shared);
      }
    }
  }

  /** Returns the largest whole limit whose load fits {@code rps}; 0 when none does. */
  private static long unitsFor(RuleSnapshot rule, double rps) {
    if (!(rps > 0)) {
      return 0;
    }
    double units = rps * Math.max(1, rule.unitSeconds()) / Math.max(1, rule.activeKeys());
    return (long) Math.floor(units + 1e-9);
  }

  private static Map<String, RuleSnapshot> index(List<RuleSnapshot> rules) {
    Map<String, RuleSnapshot> byId = new LinkedHashMap<>();
    for (RuleSnapshot rule : rules) {
      byId.put(rule.rule(), rule);
    }
    return byId;
  }

  private static GuardrailAction action(String rule, GuardrailKind kind, double before,
      double after, String detail) {
    return GuardrailAction.newBuilder().setRule(rule).setKind(kind).setBefore(before)
        .setAfter(after).setDetail(detail).build();
  }
}
