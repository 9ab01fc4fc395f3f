package dev.ratewise.tuning.forecast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays generated traces and the WorldCup 1998 trace through Holt and the robust trend forecast,
 * writes the figures to {@code target/forecast-evaluation.json}, logs a table, and fails if the
 * robust trend forecast falls below what it measured when this test was written.
 *
 * <p>Scoring rules are on {@link ReplayRules}; onset rules are on {@link SyntheticTraces} and
 * {@link WorldCupTrace}. WorldCup rows are minutes, replayed one row per tick with every time
 * constant divided by 30, so one row represents 30 s: the horizon is 1 row, the 30 s lead rule is
 * "at least 1 row before the onset", and W is 20 rows.
 */
class SurgeForecastEvaluationTest {

  private static final Logger log = LoggerFactory.getLogger(SurgeForecastEvaluationTest.class);

  /** Seed of every generated trace; changing it changes the measured figures. */
  private static final long SEED = 1998L;

  private static final int TRACES_PER_SURGE_FAMILY = 20;
  private static final int QUIET_TRACES = 12;

  static final String HOLT = "holt";
  static final String ROBUST = "robust-trend";
  static final String HOLT_SLOW = "holt-slow";
  static final String WORLDCUP = "worldcup98";

  /** Figures by method, then by family. */
  private static final Map<String, Map<String, FamilyScore>> scores = new LinkedHashMap<>();

  @BeforeAll
  static void evaluateAll() throws IOException {
    Map<String, List<LabelledTrace>> families = new LinkedHashMap<>();
    for (TraceFamily family : TraceFamily.values()) {
      int count = family == TraceFamily.QUIET_SEASONAL ? QUIET_TRACES : TRACES_PER_SURGE_FAMILY;
      families.put(family.label(), SyntheticTraces.generate(family, count, SEED));
    }
    LabelledTrace worldCup = WorldCupTrace.load(WorldCupTrace.locate());
    log.info(
        "WorldCup slice: {} rows, {} labelled onsets", worldCup.length(), worldCup.surges().size());

    evaluate(HOLT, SurgeForecasts.holt(), holtPerMinuteRow(), families, worldCup);
    evaluate(HOLT_SLOW, holtSlow(1.0), holtSlow(30.0), families, worldCup);
    evaluate(ROBUST, SurgeForecasts.robustTrend(), robustTrendPerMinuteRow(), families, worldCup);

    logTable();
    writeReport();
  }

  private static void evaluate(
      String method,
      SurgeForecast perSecond,
      SurgeForecast perMinuteRow,
      Map<String, List<LabelledTrace>> families,
      LabelledTrace worldCup) {
    Map<String, FamilyScore> byFamily = new LinkedHashMap<>();
    AlarmReplay secondReplay = new AlarmReplay(perSecond, ReplayRules.perSecond());
    families.forEach((family, traces) -> byFamily.put(family, secondReplay.score(traces)));
    byFamily.put(
        WORLDCUP, new AlarmReplay(perMinuteRow, perMinuteRules()).score(List.of(worldCup)));
    scores.put(method, byFamily);
  }

  /** Holt with every time constant divided by 30, so one per-minute row represents 30 s. */
  static SurgeForecast holtPerMinuteRow() {
    return SurgeForecasts.holtBuilder()
        .horizonSeconds(1)
        .levelSeconds(10.0 / 30.0)
        .trendSeconds(30.0 / 30.0)
        .baselineSeconds(900.0 / 30.0)
        .build();
  }

  /**
   * Holt with a 20 s level and a 60 s trend time constant. On the tuning traces (seed 7) this
   * setting raised as many false alarms per hour on quiet traffic as the robust trend (2.8), so it
   * compares the two at about the same false alarm rate. Divides every time constant by {@code
   * scale}: 1 for per-second traces, 30 for per-minute rows.
   */
  static SurgeForecast holtSlow(double scale) {
    return SurgeForecasts.holtBuilder()
        .horizonSeconds((int) Math.round(30.0 / scale))
        .levelSeconds(20.0 / scale)
        .trendSeconds(60.0 / scale)
        .baselineSeconds(900.0 / scale)
        .build();
  }

  /**
   * Robust trend with every time constant divided by 30, except that the trend span keeps 6 blocks
   * of 1 row (pure scaling gives 2 rows, too few for a slope with an error estimate). One block now
   * represents 30 s instead of 5 s, so the CUSUM threshold, a sum over blocks, shrinks by 5/30.
   */
  static SurgeForecast robustTrendPerMinuteRow() {
    return SurgeForecasts.robustTrendBuilder()
        .horizonSeconds(1)
        .blockSeconds(1)
        .trendBlocks(6)
        .baselineSeconds(1740 / 30)
        .dampingPerSecond(Math.pow(0.98, 30))
        .cusumThreshold(1.0 * 5.0 / 30.0)
        .build();
  }

  /** Per-minute rules: 1 row lead, W = 20 rows, 2 h windows, false alarms per real hour. */
  static ReplayRules perMinuteRules() {
    return new ReplayRules(120, 120, 1, 20, 1, 2, 60.0);
  }

  private static ReplayRules rulesFor(String family) {
    return WORLDCUP.equals(family) ? perMinuteRules() : ReplayRules.perSecond();
  }

  private static void logTable() {
    log.info(
        String.format(
            "%-15s %-13s %6s %9s %6s %6s %4s %4s %4s %6s %8s  %s",
            "family",
            "method",
            "surges",
            "precision",
            "recall",
            "chance",
            "TP",
            "FP",
            "late",
            "lead",
            "FA/hour",
            "class votes"));
    for (String family : scores.get(HOLT).keySet()) {
      for (String method : scores.keySet()) {
        Map<String, Object> row = score(method, family).toReport(rulesFor(family));
        log.info(
            String.format(
                "%-15s %-13s %6s %9s %6s %6s %4s %4s %4s %6s %8s  %s",
                family,
                method,
                row.get("surges"),
                format(row.get("precision")),
                format(row.get("recall")),
                format(row.get("chanceRecall")),
                row.get("truePositiveEvents"),
                row.get("falsePositiveEvents"),
                row.get("lateEvents"),
                format(row.get("medianLeadTicks")),
                format(row.get("falseAlarmsPerHour")),
                row.get("classVotes")));
      }
    }
  }

  private static String format(Object value) {
    return value == null ? "n/a" : String.format("%.2f", (Double) value);
  }

  private static void writeReport() throws IOException {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("seed", SEED);
    report.put("perSecondRules", ReplayRules.perSecond());
    report.put("perMinuteRules", perMinuteRules());
    Map<String, Object> methods = new LinkedHashMap<>();
    scores.forEach(
        (method, byFamily) -> {
          Map<String, Object> families = new LinkedHashMap<>();
          byFamily.forEach(
              (family, score) -> families.put(family, score.toReport(rulesFor(family))));
          methods.put(method, families);
        });
    report.put("methods", methods);

    Path out = Paths.get("target", "forecast-evaluation.json");
    Files.createDirectories(out.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    log.info("Wrote {}", out.toAbsolutePath());
  }

  private static FamilyScore score(String method, String family) {
    return scores.get(method).get(family);
  }

  // The thresholds below come from the run with SEED = 1998 (figures in docs/forecast.md), less a
  // margin of about 0.1 in recall and precision, so that a regression fails the build.

  @Test
  void slowRamps_robustTrendWarnsEarly() {
    FamilyScore ramps = score(ROBUST, TraceFamily.SLOW_RAMP.label());

    assertAtLeast("slow-ramp recall", ramps.recall(), 0.70);
    assertAtLeast("slow-ramp precision", ramps.precision(), 0.75);
    assertAtLeast("slow-ramp median lead in seconds", ramps.medianLeadTicks(), 40.0);
  }

  @Test
  void slowRamps_robustTrendMorePreciseThanHolt() {
    double robust = score(ROBUST, TraceFamily.SLOW_RAMP.label()).precision();
    double holt = score(HOLT, TraceFamily.SLOW_RAMP.label()).precision();

    assertTrue(robust > holt, "slow-ramp precision: robust " + robust + " <= holt " + holt);
  }

  /** Holt with slower smoothing raises fewer false alarms, but it then misses ramps. */
  @Test
  void slowRamps_robustTrendOutrecallsSlowHolt() {
    double robust = score(ROBUST, TraceFamily.SLOW_RAMP.label()).recall();
    double holtSlow = score(HOLT_SLOW, TraceFamily.SLOW_RAMP.label()).recall();
    double quietRobust =
        score(ROBUST, TraceFamily.QUIET_SEASONAL.label()).falseAlarmsPerHour(3600.0);
    double quietHoltSlow =
        score(HOLT_SLOW, TraceFamily.QUIET_SEASONAL.label()).falseAlarmsPerHour(3600.0);

    assertTrue(robust > holtSlow, "slow-ramp recall: robust " + robust + " <= " + holtSlow);
    assertTrue(
        quietRobust < quietHoltSlow,
        "quiet false alarms per hour: robust " + quietRobust + " >= " + quietHoltSlow);
  }

  @Test
  void quietTraffic_robustTrendFewerFalseAlarms() {
    double robust = score(ROBUST, TraceFamily.QUIET_SEASONAL.label()).falseAlarmsPerHour(3600.0);
    double holt = score(HOLT, TraceFamily.QUIET_SEASONAL.label()).falseAlarmsPerHour(3600.0);

    assertAtMost("quiet-seasonal false alarms per hour", robust, 2.5);
    assertTrue(robust < holt, "quiet false alarms per hour: robust " + robust + " >= holt " + holt);
  }

  /** A step has no precursor: a high recall here would mean the replay leaks future ticks. */
  @Test
  void steps_noMethodForecastsAStep() {
    for (String method : scores.keySet()) {
      FamilyScore steps = score(method, TraceFamily.STEP.label());
      double chance = steps.chanceRecall(3600.0, 271);

      assertAtMost(method + " step recall", steps.recall(), chance + 0.2);
    }
  }

  @Test
  void surgeFamilies_robustTrendClassifiesSurgeAndDdos() {
    for (TraceFamily family : TraceFamily.values()) {
      if (family == TraceFamily.QUIET_SEASONAL) {
        continue;
      }
      SurgeClass expected = family == TraceFamily.DDOS ? SurgeClass.DDOS : SurgeClass.SURGE;
      FamilyScore score = score(ROBUST, family.label());

      assertAtLeast(
          family.label() + " votes for " + expected,
          score.classVotes(expected, expected),
          TRACES_PER_SURGE_FAMILY - 2);
    }
  }

  @Test
  void worldCup_robustTrendWarnsBeforeLabelledOnsets() {
    FamilyScore worldCup = score(ROBUST, WORLDCUP);

    assertAtLeast("worldcup98 recall", worldCup.recall(), 0.9);
    assertAtLeast("worldcup98 precision", worldCup.precision(), 0.34);
  }

  private static void assertAtLeast(String figure, double measured, double threshold) {
    assertTrue(
        measured >= threshold, figure + " is " + measured + ", expected at least " + threshold);
  }

  private static void assertAtMost(String figure, double measured, double threshold) {
    assertTrue(
        measured <= threshold, figure + " is " + measured + ", expected at most " + threshold);
  }
}
