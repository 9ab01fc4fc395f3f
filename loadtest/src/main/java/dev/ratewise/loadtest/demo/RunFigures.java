package dev.ratewise.loadtest.demo;

import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.RuleForecast;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.loadtest.demo.CheckCaller.Verdict;
import dev.ratewise.loadtest.demo.DemoScenario.Phase;
import dev.ratewise.loadtest.demo.DemoScenario.TierRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every figure of one run, computed from its {@link RunResult}.
 *
 * @param mode {@code adaptive} or {@code static}
 * @param tiers the figures of each tier, in the scenario's tier order
 * @param overloadSeconds seconds in which the backend received more than its capacity
 * @param backendErrors allowed requests the overloaded backend failed
 * @param forecast surge alarms measured against the scenario's surge onset
 * @param decisions tuning changes by outcome, and the advisors that proposed them
 * @param series per-second rates and limits for the charts
 */
record RunFigures(
    String mode,
    List<TierFigures> tiers,
    int overloadSeconds,
    int backendErrors,
    ForecastFigures forecast,
    DecisionFigures decisions,
    Series series) {

  /**
   * One tier's figures.
   *
   * @param allowed requests Check allowed over the whole run
   * @param denied requests Check denied with 429 over the whole run
   * @param revenueServedPerHour dollars per hour of allowed requests, averaged over the run
   * @param revenueDeniedPerHour dollars per hour of denied requests, averaged over the run
   * @param surgeDenialRate the share of the tier's requests denied in surge phases, 0 to 1; NaN
   *     when the tier sent nothing then
   */
  record TierFigures(String tier, long allowed, long denied, double revenueServedPerHour,
      double revenueDeniedPerHour, double surgeDenialRate) {}

  /**
   * The forecast's score against the scenario's known surge.
   *
   * @param onsetSeconds the offset at which total demand first exceeds the scenario's onset
   *     factor; NaN when it never does
   * @param firstAlarmSeconds the first alarm within the early-warning window before the onset or
   *     later; NaN when there is none
   * @param leadSeconds onset minus first alarm: positive warns ahead, negative is late
   * @param falseAlarms alarm cycles earlier than the early-warning window or in a phase after the
   *     surge that is not marked as surge
   * @param probabilities each cycle's highest surge probability by offset in seconds
   */
  record ForecastFigures(double onsetSeconds, double firstAlarmSeconds, double leadSeconds,
      int falseAlarms, Map<Double, Double> probabilities) {}

  /** Counts of tuning changes by status, and the advisors named in the audit. */
  record DecisionFigures(int cycles, int applied, int pending, int rejected,
      List<String> advisors) {}

  /** Per-second series for the charts, each indexed by second from the run's start. */
  record Series(Map<String, int[]> allowedByTier, Map<String, int[]> deniedByTier,
      double[] revenuePerHour, List<RunResult.LimitSample> limits) {}

  /** Computes the figures of one run. */
  static RunFigures of(DemoScenario scenario, BusinessTerms terms, RunResult run) {
    long seconds = scenario.length().toSeconds();
    List<TierFigures> tiers = new ArrayList<>();
    int backendErrors = 0;
    for (TierRule tier : scenario.tiers()) {
      tiers.add(tierFigures(scenario, terms, run, tier));
      backendErrors += run.traffic().backendErrors(tier.name(), 0, seconds);
    }
    return new RunFigures(run.mode(), tiers, run.backend().overloadSeconds(), backendErrors,
        ForecastMeasure.of(scenario, run), decisions(run.cycles()),
        series(scenario, terms, run));
  }

  private static TierFigures tierFigures(DemoScenario scenario, BusinessTerms terms,
      RunResult run, TierRule tier) {
    long seconds = scenario.length().toSeconds();
    long allowed = run.traffic().count(tier.name(), Verdict.ALLOWED, 0, seconds);
    long denied = run.traffic().count(tier.name(), Verdict.RATE_LIMITED, 0, seconds);
    double price = terms.revenuePerRequest(tier.rule());
    double perHour = 3_600.0 / seconds;

    long surgeAllowed = 0;
    long surgeDenied = 0;
    for (Phase phase : scenario.phases()) {
      if (phase.surge()) {
        long from = scenario.startOf(phase).toSeconds();
        long to = from + phase.length().toSeconds();
        surgeAllowed += run.traffic().count(tier.name(), Verdict.ALLOWED, from, to);
        surgeDenied += run.traffic().count(tier.name(), Verdict.RATE_LIMITED, from, to);
      }
    }
    double surgeTotal = surgeAllowed + surgeDenied;
    return new TierFigures(tier.name(), allowed, denied, allowed * price * perHour,
        denied * price * perHour, surgeTotal == 0 ? Double.NaN : surgeDenied / surgeTotal);
  }

  static DecisionFigures decisions(List<TuningCycle> cycles) {
    int applied = 0;
    int pending = 0;
    int rejected = 0;
    TreeSet<String> advisors = new TreeSet<>();
    for (TuningCycle cycle : cycles) {
      if (!cycle.getAdvisor().isEmpty()) {
        advisors.add(cycle.getAdvisor());
      }
      for (LimitChange change : cycle.getChangesList()) {
        if (change.getStatus() == ChangeStatus.CHANGE_STATUS_APPLIED) {
          applied++;
        } else if (change.getStatus() == ChangeStatus.CHANGE_STATUS_PENDING) {
          pending++;
        } else if (change.getStatus() == ChangeStatus.CHANGE_STATUS_REJECTED) {
          rejected++;
        }
      }
    }
    return new DecisionFigures(cycles.size(), applied, pending, rejected, List.copyOf(advisors));
  }

  private static Series series(DemoScenario scenario, BusinessTerms terms, RunResult run) {
    int seconds = (int) scenario.length().toSeconds();
    Map<String, int[]> allowed = new LinkedHashMap<>();
    Map<String, int[]> denied = new LinkedHashMap<>();
    double[] revenue = new double[seconds];
    for (TierRule tier : scenario.tiers()) {
      int[] tierAllowed = new int[seconds];
      int[] tierDenied = new int[seconds];
      double price = terms.revenuePerRequest(tier.rule());
      for (int s = 0; s < seconds; s++) {
        tierAllowed[s] = run.traffic().count(tier.name(), Verdict.ALLOWED, s, s + 1);
        tierDenied[s] = run.traffic().count(tier.name(), Verdict.RATE_LIMITED, s, s + 1);
        revenue[s] += tierAllowed[s] * price * 3_600;
      }
      allowed.put(tier.name(), tierAllowed);
      denied.put(tier.name(), tierDenied);
    }
    return new Series(allowed, denied, revenue, run.limits());
  }

  /** Returns the highest surge probability among a cycle's forecasts; 0 when it has none. */
  static double maxProbability(TuningCycle cycle) {
    return cycle.getForecastsList().stream().mapToDouble(RuleForecast::getSurgeProbability)
        .max().orElse(0);
  }
}
