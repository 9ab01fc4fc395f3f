package dev.ratewise.metrics;

import dev.ratewise.tuning.TuningObserver;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decision-loop metrics: the latest forecast per rule, advisor calls and fallbacks, and pending
 * approvals. It also keeps the latest forecast of each rule for the /demo timeline. Rule ids come
 * from the loop, which only tunes config rules.
 */
final class TuningMetrics implements TuningObserver {
  /** The maximum number of distinct fallback reasons kept as labels; later ones become "other". */
  static final int MAX_FALLBACK_REASONS = 20;

  private final MeterRegistry registry;
  private final Set<String> fallbackReasons = ConcurrentHashMap.newKeySet();
  private final Map<String, Forecast> forecasts = new ConcurrentHashMap<>();
  private final AtomicInteger pendingApprovals = new AtomicInteger();

  TuningMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(MeterNames.APPROVALS_PENDING, pendingApprovals, AtomicInteger::get)
        .description("Limit changes waiting for an operator")
        .register(registry);
  }

  @Override
  public void onForecast(String rule, Forecast forecast) {
    if (forecasts.put(rule, forecast) == null) {
      registerForecastGauges(rule);
    }
  }

  @Override
  public void onAdvisorCall(String advisor, boolean succeeded, long millis) {
    Counter.builder(MeterNames.ADVISOR_CALLS)
        .description("Advisor calls, by advisor and whether the proposal was usable")
        .tag("advisor", advisor)
        .tag("result", succeeded ? "ok" : "failed")
        .register(registry)
        .increment();
    Timer.builder(MeterNames.ADVISOR_DURATION)
        .description("Duration of one advisor call")
        .tag("advisor", advisor)
        .register(registry)
        .record(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void onFallback(String reason) {
    String label = reason.toLowerCase(Locale.ROOT);
    // Reasons are meant to be a few fixed words, but a free-text reason must not grow the series.
    if (!fallbackReasons.contains(label)) {
      if (fallbackReasons.size() >= MAX_FALLBACK_REASONS) {
        label = "other";
      } else {
        fallbackReasons.add(label);
      }
    }
    Counter.builder(MeterNames.ADVISOR_FALLBACKS)
        .description("Cycles in which the heuristic stood in for the model, by reason")
        .tag("reason", label)
        .register(registry)
        .increment();
  }

  @Override
  public void onPendingApprovals(int pending) {
    pendingApprovals.set(pending);
  }

  /** Returns the latest forecast of a rule, if the loop has made one. */
  Optional<Forecast> latestForecast(String rule) {
    return Optional.ofNullable(forecasts.get(rule));
  }

  private void registerForecastGauges(String rule) {
    Gauge.builder(MeterNames.FORECAST_DEMAND, forecasts, map -> forecastRate(map.get(rule)))
        .description("Demand forecast at the tuning horizon, in requests per second")
        .tag("rule", rule)
        .register(registry);
    Gauge.builder(MeterNames.SURGE_PROBABILITY, forecasts,
            map -> map.get(rule) == null ? Double.NaN : map.get(rule).probability())
        .description("Probability, 0 to 1, that the rule's demand is a surge or DDoS")
        .tag("rule", rule)
        .register(registry);
    for (SurgeClass surgeClass : SurgeClass.values()) {
      Gauge.builder(MeterNames.SURGE_CLASS, forecasts,
              map -> map.get(rule) != null && map.get(rule).surgeClass() == surgeClass ? 1 : 0)
          .description("1 for the rule's current surge class, 0 for the others")
          .tag("rule", rule)
          .tag("class", surgeClass.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  private static double forecastRate(Forecast forecast) {
    return forecast == null ? Double.NaN : forecast.forecastRate();
  }
}
