package dev.ratewise.metrics;

/**
 * The name of every ratewise meter, in Micrometer's dotted form. The Prometheus registry turns
 * "ratewise.decisions" into {@code ratewise_decisions_total} and a timer such as
 * "ratewise.request.duration" into {@code ratewise_request_duration_seconds}. The Grafana
 * dashboard queries the Prometheus names, so renaming one breaks its panels.
 */
final class MeterNames {
  static final String DECISIONS = "ratewise.decisions";
  static final String HITS = "ratewise.hits";
  static final String REQUEST_DURATION = "ratewise.request.duration";
  static final String STORE_DURATION = "ratewise.store.duration";
  static final String STORE_ERRORS = "ratewise.store.errors";
  static final String LOCAL_CACHE_ANSWERS = "ratewise.local.cache.answers";
  static final String DEGRADED = "ratewise.degraded";
  static final String DEGRADED_TRANSITIONS = "ratewise.degraded.transitions";
  static final String CONFIG_RELOADS = "ratewise.config.reloads";
  static final String LIMIT_CURRENT = "ratewise.limit.current";
  static final String LIMIT_BASELINE = "ratewise.limit.baseline";
  static final String FORECAST_DEMAND = "ratewise.forecast.demand.rps";
  static final String SURGE_PROBABILITY = "ratewise.surge.probability";
  static final String SURGE_CLASS = "ratewise.surge.class";
  static final String ADVISOR_CALLS = "ratewise.advisor.calls";
  static final String ADVISOR_DURATION = "ratewise.advisor.duration";
  static final String ADVISOR_FALLBACKS = "ratewise.advisor.fallbacks";
  static final String APPROVALS_PENDING = "ratewise.approvals.pending";
  static final String REVENUE_SERVED = "ratewise.revenue.served.dollars";
  static final String REVENUE_DENIED = "ratewise.revenue.denied.dollars";
  static final String SERIES_OVERFLOW = "ratewise.metric.series.overflow";

  private MeterNames() {}
}
