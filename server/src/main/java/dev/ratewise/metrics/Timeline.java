package dev.ratewise.metrics;

import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.tuning.forecast.Forecast;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The /demo dashboard's time series: each call to {@link #sample()} records every tier's limits,
 * traffic rates, revenue and forecast, and the last {@link #CAPACITY} samples are kept. Ratewise
 * samples once a second, so the ring covers 15 minutes. Rates are the change of the counters
 * since the previous sample divided by the time between the two samples.
 */
public final class Timeline {
  /** The number of samples kept: 15 minutes at one sample per second. */
  public static final int CAPACITY = 900;

  private static final double SECONDS_PER_HOUR = 3_600;

  private final Clock clock;
  private final LimitsHolder limits;
  private final TrafficRecorder traffic;
  private final TuningMetrics tuning;
  private final ArrayDeque<TimelineSample> samples = new ArrayDeque<>(CAPACITY);
  private final Map<String, long[]> previousTotals = new HashMap<>();
  private long previousMillis = -1;

  Timeline(Clock clock, LimitsHolder limits, TrafficRecorder traffic, TuningMetrics tuning) {
    this.clock = clock;
    this.limits = limits;
    this.traffic = traffic;
    this.tuning = tuning;
  }

  /**
   * Records one sample. The first call only sets the starting counts, and a call at the same
   * clock time as the previous one records nothing, because no rate can be computed.
   */
  public synchronized void sample() {
    long nowMillis = clock.millis();
    if (previousMillis >= 0 && nowMillis <= previousMillis) {
      return;
    }
    double elapsedSeconds = (nowMillis - previousMillis) / 1000.0;
    boolean first = previousMillis < 0;
    previousMillis = nowMillis;

    Map<String, TierAccumulator> tiers = new LinkedHashMap<>();
    for (Rule rule : limits.current().adaptiveRules()) {
      tiers.computeIfAbsent(Tiers.of(rule.id()), TierAccumulator::new)
          .add(rule, ruleRates(rule, elapsedSeconds));
    }
    if (first) {
      return;
    }

    List<TierSample> tierSamples = new ArrayList<>(tiers.size());
    for (TierAccumulator tier : tiers.values()) {
      tierSamples.add(tier.toSample());
    }
    if (samples.size() == CAPACITY) {
      samples.removeFirst();
    }
    samples.addLast(new TimelineSample(nowMillis, tierSamples));
  }

  /** Returns the samples taken after the given time, oldest first. */
  public synchronized List<TimelineSample> samplesAfter(long afterMillis) {
    List<TimelineSample> result = new ArrayList<>();
    for (TimelineSample sample : samples) {
      if (sample.timeMillis() > afterMillis) {
        result.add(sample);
      }
    }
    return result;
  }

  private RuleRates ruleRates(Rule rule, double elapsedSeconds) {
    TrafficRecorder.RuleTraffic counts = traffic.traffic(rule.id());
    long allowed = counts.allowedTotal();
    long denied = counts.deniedTotal();
    long[] previous = previousTotals.put(rule.id(), new long[] {allowed, denied});
    Map<String, LongAdder> keyHits = counts.drainKeyHits();
    if (previous == null) {
      previous = new long[] {allowed, denied};
    }

    double allowedRps = (allowed - previous[0]) / elapsedSeconds;
    double deniedRps = (denied - previous[1]) / elapsedSeconds;
    double baselineRps = perSecond(rule, rule.baseline());
    // Had the limit stayed at baseline, each tenant could have had at most baselineRps.
    double baselineServedRps = 0;
    for (LongAdder hits : keyHits.values()) {
      baselineServedRps += Math.min(hits.sum() / elapsedSeconds, baselineRps);
    }
    double revenuePerRequest = rule.adaptive().revenuePerRequest();
    return new RuleRates(perSecond(rule, rule.requestsPerUnit()), baselineRps, allowedRps,
        deniedRps, allowedRps * revenuePerRequest * SECONDS_PER_HOUR,
        baselineServedRps * revenuePerRequest * SECONDS_PER_HOUR,
        tuning.latestForecast(rule.id()).orElse(null));
  }

  private static double perSecond(Rule rule, long requestsPerUnit) {
    return (double) requestsPerUnit / rule.unit().seconds();
  }

  /** One rule's contribution to its tier's sample. */
  private record RuleRates(double limitRps, double baselineRps, double allowedRps,
      double deniedRps, double revenuePerHour, double baselineRevenuePerHour,
      Forecast forecast) {}

  /** Sums the rates of a tier's rules. The forecast takes the values of the most alarming rule. */
  private static final class TierAccumulator {
    private final String tier;
    private double limitRps;
    private double baselineRps;
    private double allowedRps;
    private double deniedRps;
    private double revenuePerHour;
    private double baselineRevenuePerHour;
    private Double forecastRps;
    private Forecast worst;

    TierAccumulator(String tier) {
      this.tier = tier;
    }

    void add(Rule rule, RuleRates rates) {
      limitRps += rates.limitRps();
      baselineRps += rates.baselineRps();
      allowedRps += rates.allowedRps();
      deniedRps += rates.deniedRps();
      revenuePerHour += rates.revenuePerHour();
      baselineRevenuePerHour += rates.baselineRevenuePerHour();
      Forecast forecast = rates.forecast();
      if (forecast != null) {
        forecastRps = (forecastRps == null ? 0 : forecastRps) + forecast.forecastRate();
        if (worst == null || forecast.probability() > worst.probability()) {
          worst = forecast;
        }
      }
    }

    TierSample toSample() {
      return new TierSample(tier, limitRps, baselineRps, allowedRps + deniedRps, allowedRps,
          deniedRps, revenuePerHour, baselineRevenuePerHour, forecastRps,
          worst == null ? null : worst.probability(),
          worst == null ? null : worst.surgeClass().name());
    }
  }
}
