package dev.ratewise.metrics;

import dev.ratewise.config.ConfigWatcher;
import dev.ratewise.envoy.RpcObserver;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.tuning.TuningObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every ratewise meter in one Prometheus registry, and the observers that feed it: request
 * metrics for the limiter and the Envoy services, tuning metrics for the decision loop, config
 * reload counts, and the /demo {@link Timeline}.
 */
public final class RatewiseMetrics implements AutoCloseable {
  /** The Content-Type of {@link #scrape()}: Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final LimitsHolder limits;
  private final RequestMetrics requests = new RequestMetrics(registry);
  private final TrafficRecorder traffic = new TrafficRecorder();
  private final TuningMetrics tuning = new TuningMetrics(registry);
  private final Timeline timeline;
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final Set<String> rulesWithGauges = ConcurrentHashMap.newKeySet();
  private final Counter reloadsOk;
  private final Counter reloadsFailed;

  public RatewiseMetrics(Clock clock, LimitsHolder limits, DegradedMode degraded) {
    this.limits = limits;
    this.timeline = new Timeline(clock, limits, traffic, tuning);
    this.reloadsOk = reloadCounter("ok");
    this.reloadsFailed = reloadCounter("failed");
    registerDegraded(degraded);
    registerLimitGauges();
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Returns the observer of limiter decisions, store calls and over-limit cache hits. */
  public LimiterObserver limiterObserver() {
    return LimiterObserver.all(requests, traffic);
  }

  /** Returns the observer of Envoy RPC durations. */
  public RpcObserver rpcObserver() {
    return requests;
  }

  /** Returns the observer that the decision loop reports to. */
  public TuningObserver tuningObserver() {
    return tuning;
  }

  /** Returns the listener that counts config reloads and adds gauges for new rules. */
  public ConfigWatcher.Listener configReloadListener() {
    return succeeded -> {
      (succeeded ? reloadsOk : reloadsFailed).increment();
      if (succeeded) {
        registerLimitGauges();
      }
    };
  }

  public Timeline timeline() {
    return timeline;
  }

  /** Returns every meter in Prometheus text format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }

  private Counter reloadCounter(String result) {
    return Counter.builder(MeterNames.CONFIG_RELOADS)
        .description("Config reloads after a file change, by result")
        .tag("result", result)
        .register(registry);
  }

  private void registerDegraded(DegradedMode degraded) {
    Gauge.builder(MeterNames.DEGRADED, degraded, mode -> mode.isDegraded() ? 1 : 0)
        .description("1 while the counter store is failing and the failure policy answers")
        .register(registry);
    FunctionCounter.builder(MeterNames.DEGRADED_TRANSITIONS, degraded, DegradedMode::timesEntered)
        .description("Transitions into and out of degraded mode")
        .tag("direction", "enter")
        .register(registry);
    FunctionCounter.builder(MeterNames.DEGRADED_TRANSITIONS, degraded, DegradedMode::timesLeft)
        .description("Transitions into and out of degraded mode")
        .tag("direction", "leave")
        .register(registry);
  }

  /**
   * Adds limit gauges for rules not seen before. NOTE: a rule that a reload removed keeps its
   * gauges, which read NaN until the process restarts.
   */
  private void registerLimitGauges() {
    for (Rule rule : limits.current().rules().values()) {
      if (rule.unlimited() || !rulesWithGauges.add(rule.id())) {
        continue;
      }
      String id = rule.id();
      Gauge.builder(MeterNames.LIMIT_CURRENT, limits,
              holder -> holder.current().rule(id).map(r -> (double) r.requestsPerUnit())
                  .orElse(Double.NaN))
          .description("The limit in force, in requests per the rule's unit")
          .tag("rule", id)
          .register(registry);
      Gauge.builder(MeterNames.LIMIT_BASELINE, limits,
              holder -> holder.current().rule(id).map(r -> (double) r.baseline())
                  .orElse(Double.NaN))
          .description("The configured requests_per_unit")
          .tag("rule", id)
          .register(registry);
    }
  }
}
