package dev.ratewise.tuning.advisor;

import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Proposes limits without a model: deterministic, so the same context always gives the same
 * advice. It is the fallback whenever the model is missing or fails.
 *
 * <h2>Design</h2>
 *
 * <p>Limits are per key (tenant or address), so a rule with limit {@code L} per unit of
 * {@code u} seconds and {@code k} active keys promises {@code L / u * k} requests per second.
 * Each cycle runs three steps.
 *
 * <ol>
 *   <li><b>Want.</b> Each rule's wanted load is {@code max(demand, forecast) * HEADROOM}, turned
 *       into a per-key limit {@code ceil(load / k * u)} and held within {@code [min, max]}. A
 *       DDOS forecast holds the current limit, because raising it would feed the attack. A rule
 *       with no demand and no forecast wants its configured baseline. When no rule has seen
 *       any traffic (the awakening), every rule wants its max, so the next step shares the
 *       capacity by business value alone.
 *   <li><b>Floors.</b> Every rule gets its min first, even when the floors alone exceed
 *       capacity.
 *   <li><b>Spare capacity by revenue.</b> With a known capacity, the rest goes to rules in
 *       order of revenue per request, highest first (config order breaks ties), each up to its
 *       wanted limit. Grants are rounded down so the promised load stays within capacity. With
 *       an unknown capacity (0), every rule gets its wanted limit.
 * </ol>
 *
 * <p>Worked example, capacity 100 rps, 2 active keys on each of three one-second rules:
 *
 * <pre>
 * rule          min  max  $/req  demand  forecast        want
 * enterprise     15  120  0.20     40     60 SURGE   60*1.25=75 rps -> ceil(75/2)=38
 * professional    8   40  0.05     30     30         30*1.25=37.5   -> ceil(18.75)=19
 * free            3    9  0.01     20     20         20*1.25=25     -> 13, held at max 9
 *
 * floors: 15*2 + 8*2 + 3*2 = 52 rps, spare 48 rps
 * enterprise   wants (38-15)*2 = 46 rps extra, gets 46 -> 38, spare 2
 * professional wants (19-8)*2  = 22 rps extra, gets 2  -> 8 + floor(2/2) = 9, spare 0
 * free         gets nothing    -> 3
 * </pre>
 *
 * <p>Confidence grows with the traffic seen: {@link #AWAKENING_CONFIDENCE} with none, else
 * {@code 0.4 + 0.5 * min(1, demand / FULL_CONFIDENCE_RPS)}, less {@link #UNKNOWN_CAPACITY_PENALTY}
 * when capacity is unknown. The greedy order follows the business rule that a request from a
 * higher-paying tier is worth more, rather than solving an optimization.
 */
public final class HeuristicAdvisor implements LimitAdvisor {
  /** Multiplier on the expected load, so limits sit above demand rather than at it. */
  static final double HEADROOM = 1.25;

  /** Total demand, in requests per second, above which the data counts as plenty. */
  static final double FULL_CONFIDENCE_RPS = 10.0;

  /**
   * Confidence when no rule has seen traffic and limits come from business data alone. It sits
   * above the default min_confidence of 0.6 on purpose: the allocation follows from the config
   * (floors, revenue per request, capacity), which is known exactly, and the guardrails and the
   * approval factor still bound what it may change, so the first cycle can set first limits.
   */
  static final double AWAKENING_CONFIDENCE = 0.7;

  /** Confidence taken off when capacity is unknown and nothing bounds the total. */
  static final double UNKNOWN_CAPACITY_PENALTY = 0.2;

  /** Added before rounding a grant down, in requests per unit. */
  private static final double ROUNDING_EPSILON = 1e-9;

  private final Clock clock;

  public HeuristicAdvisor(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return "heuristic";
  }

  /** Proposes limits for every rule; never throws for a non-null context. */
  @Override
  public Advice propose(TuningContext context) {
    Objects.requireNonNull(context, "context");
    long start = clock.millis();
    boolean awakening = context.rules().stream().noneMatch(HeuristicAdvisor::hasTraffic);
    double capacity = finiteOrZero(context.capacityRps());

    List<Want> wants = new ArrayList<>();
    for (int i = 0; i < context.rules().size(); i++) {
      wants.add(Want.of(context.rules().get(i), i, awakening));
    }
    StringBuilder rationale = new StringBuilder(header(context, awakening, capacity, wants));
    Map<String, Long> granted = allocate(wants, capacity, rationale);

    Map<String, Double> limits = new LinkedHashMap<>();
    wants.forEach(w -> limits.put(w.rule().rule(), (double) granted.get(w.rule().rule())));
    double confidence = confidence(context, awakening, capacity);
    Proposal proposal = new Proposal(limits, confidence, rationale.toString().trim());
    return new Advice(proposal, name(), "", "", "", clock.millis() - start);
  }

  private static Map<String, Long> allocate(List<Want> wants, double capacity,
      StringBuilder rationale) {
    Map<String, Long> granted = new LinkedHashMap<>();
    double spare = capacity - wants.stream().mapToDouble(Want::floorRps).sum();
    List<Want> byRevenue = new ArrayList<>(wants);
    byRevenue.sort(Comparator.comparingDouble((Want w) -> -w.revenue())
        .thenComparingInt(Want::index));

    for (Want want : byRevenue) {
      long limit = want.limit();
      if (capacity > 0) {
        double extraRps = Math.max(0, Math.min(want.extraRps(), spare));
        // The epsilon keeps float error (22.999999 for 23) from costing a whole request.
        limit = want.min()
            + (long) Math.floor(extraRps * want.unitSeconds() / want.keys() + ROUNDING_EPSILON);
        spare -= (limit - want.min()) * want.keys() / (double) want.unitSeconds();
      }
      granted.put(want.rule().rule(), limit);
      rationale.append(String.format(Locale.ROOT, " %s: %s, granted %d/%s.", want.rule().rule(),
          want.reason(), limit, unitLabel(want.unitSeconds())));
    }
    return granted;
  }

  private static String header(TuningContext context, boolean awakening, double capacity,
      List<Want> wants) {
    double floors = wants.stream().mapToDouble(Want::floorRps).sum();
    String phase = awakening
        ? "No traffic seen yet: first limits from floors and revenue per request alone."
        : String.format(Locale.ROOT, "Demand %.1f rps over %d rules.", totalDemand(context),
            wants.size());
    if (capacity <= 0) {
      return phase + " Capacity unknown: each rule gets its wanted limit within [min, max].";
    }
    String shortage = floors > capacity ? " Floors exceed capacity; every rule is held at min."
        : "";
    return String.format(Locale.ROOT,
        "%s Capacity %.1f rps, floors %.1f rps, spare %.1f rps, shared by revenue per request.%s",
        phase, capacity, floors, Math.max(0, capacity - floors), shortage);
  }

  private static double confidence(TuningContext context, boolean awakening, double capacity) {
    double confidence = awakening ? AWAKENING_CONFIDENCE
        : 0.4 + 0.5 * Math.min(1.0, totalDemand(context) / FULL_CONFIDENCE_RPS);
    if (capacity <= 0) {
      confidence -= UNKNOWN_CAPACITY_PENALTY;
    }
    return Math.round(Math.max(0.05, confidence) * 100) / 100.0;
  }

  private static boolean hasTraffic(RuleSnapshot rule) {
    return finiteOrZero(rule.demandRps()) > 0 || forecastRps(rule) > 0;
  }

  private static double totalDemand(TuningContext context) {
    return context.rules().stream().mapToDouble(r -> finiteOrZero(r.demandRps())).sum();
  }

  static double forecastRps(RuleSnapshot rule) {
    Forecast forecast = rule.forecast();
    return forecast == null ? 0 : finiteOrZero(forecast.forecastRate());
  }

  static double finiteOrZero(double value) {
    return Double.isFinite(value) && value > 0 ? value : 0;
  }

  static String unitLabel(long unitSeconds) {
    return unitSeconds == 1 ? "s" : unitSeconds + "s";
  }

  /**
   * One rule's wanted per-key limit before capacity is shared, with the reason in words.
   *
   * @param limit the wanted limit, within [min, max]
   * @param min the rule's floor, at least 0 and at most max
   */
  private record Want(RuleSnapshot rule, int index, long keys, long unitSeconds, long min,
      long limit, String reason) {

    static Want of(RuleSnapshot rule, int index, boolean awakening) {
      long keys = Math.max(1, rule.activeKeys());
      long unit = Math.max(1, rule.unitSeconds());
      long max = Math.max(0, rule.max());
      long min = Math.min(Math.max(0, rule.min()), max);
      SurgeClass surge = rule.forecast() == null ? SurgeClass.NORMAL
          : rule.forecast().surgeClass();
      double demand = finiteOrZero(rule.demandRps());
      double forecast = forecastRps(rule);

      if (awakening) {
        return new Want(rule, index, keys, unit, min, max, "no traffic, wants max " + max);
      }
      if (surge == SurgeClass.DDOS) {
        long currentLimit = clamp(rule.current(), min, max);
        return new Want(rule, index, keys, unit, min, currentLimit, String.format(Locale.ROOT,
            "DDOS forecast (%.1f rps), holds current %d", forecast, rule.current()));
      }
      if (demand == 0 && forecast == 0) {
        return new Want(rule, index, keys, unit, min, clamp(rule.baseline(), min, max),
            "idle, wants baseline " + rule.baseline());
      }
      double target = Math.max(demand, forecast) * HEADROOM;
      long limit = clamp((long) Math.ceil(target / keys * unit), min, max);
      return new Want(rule, index, keys, unit, min, limit, String.format(Locale.ROOT,
          "demand %.1f, forecast %.1f %s, target %.1f rps over %d keys wants %d", demand,
          forecast, surge, target, keys, limit));
    }

    double revenue() {
      return finiteOrZero(rule.revenuePerRequest());
    }

    double floorRps() {
      return min * keys / (double) unitSeconds;
    }

    double extraRps() {
      return (limit - min) * keys / (double) unitSeconds;
    }

    private static long clamp(long value, long min, long max) {
      return Math.max(min, Math.min(max, value));
    }
  }
}
