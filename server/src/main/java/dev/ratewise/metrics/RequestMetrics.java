package dev.ratewise.metrics;

import dev.ratewise.envoy.RpcObserver;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Entry;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Request-path metrics: decisions, hits and revenue per rule, RPC and store latency. Label values
 * come from config rules only. A rule with {@code detailed_metric} adds the request's descriptor
 * values to its rule label, at most {@link #MAX_DETAILED_SERIES} labels per rule; further values
 * fall back to the plain rule label and count in {@code ratewise_metric_series_overflow_total}.
 */
final class RequestMetrics implements LimiterObserver, RpcObserver {
  /** The maximum number of detailed rule labels one rule may create. */
  static final int MAX_DETAILED_SERIES = 100;
  /**
   * The maximum number of rule ids tracked. Config rules stay far below it. Envoy's
   * per-descriptor overrides create ids from descriptor keys, which Envoy's config sets, so this
   * cap is only a backstop.
   */
  static final int MAX_RULES = 1_000;
  /** The rule label of rules beyond {@link #MAX_RULES}. */
  static final String OVERFLOW_RULE = "overflow";

  private final MeterRegistry registry;
  private final Map<String, RuleSeries> rules = new ConcurrentHashMap<>();
  private final Map<String, Timer> rpcTimers = new ConcurrentHashMap<>();
  private final Map<String, Timer> storeTimers = new ConcurrentHashMap<>();
  private final Counter storeErrors;
  private final Counter cacheAnswers;
  private final Counter seriesOverflow;

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.storeErrors = Counter.builder(MeterNames.STORE_ERRORS)
        .description("Counter store calls that failed or timed out")
        .register(registry);
    this.cacheAnswers = Counter.builder(MeterNames.LOCAL_CACHE_ANSWERS)
        .description("Descriptors answered over limit by the local cache without the store")
        .register(registry);
    this.seriesOverflow = Counter.builder(MeterNames.SERIES_OVERFLOW)
        .description("Decisions recorded under a coarser label because a series cap was reached")
        .register(registry);
    rpcTimer("ShouldRateLimit");
    rpcTimer("Check");
  }

  @Override
  public void onDescriptor(String domain, Descriptor descriptor, Rule rule, Outcome outcome,
      long hits, boolean allowed) {
    RuleSeries series = rules.get(rule.id());
    if (series == null) {
      series = addRule(domain, rule);
    }
    series.meters(descriptor).record(outcome, hits, allowed);
  }

  @Override
  public void onStoreCall(String store, long nanos, boolean succeeded) {
    storeTimers.computeIfAbsent(store, this::storeTimer).record(nanos, TimeUnit.NANOSECONDS);
    if (!succeeded) {
      storeErrors.increment();
    }
  }

  @Override
  public void onCacheAnswer(Rule rule) {
    cacheAnswers.increment();
  }

  @Override
  public void onRpc(String rpc, long nanos) {
    Timer timer = rpcTimers.get(rpc);
    if (timer == null) {
      timer = rpcTimer(rpc);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private RuleSeries addRule(String domain, Rule rule) {
    if (rules.size() >= MAX_RULES) {
      seriesOverflow.increment();
      return rules.computeIfAbsent(OVERFLOW_RULE,
          id -> new RuleSeries(domain, OVERFLOW_RULE, rule, false));
    }
    return rules.computeIfAbsent(rule.id(),
        id -> new RuleSeries(domain, id, rule, rule.detailedMetric()));
  }

  private Timer rpcTimer(String rpc) {
    return rpcTimers.computeIfAbsent(rpc, name -> Timer.builder(MeterNames.REQUEST_DURATION)
        .description("Time from receiving an Envoy RPC to its answer being ready")
        .tag("rpc", name)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry));
  }

  private Timer storeTimer(String describedStore) {
    return Timer.builder(MeterNames.STORE_DURATION)
        .description("Duration of one counter store round trip")
        .tag("store", storeLabel(describedStore))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(1))
        .register(registry);
  }

  /**
   * Returns the store's kind, such as "in-process" or "redis". A Redis URL can carry a password
   * and host names, so only its scheme becomes a label.
   */
  static String storeLabel(String describedStore) {
    int scheme = describedStore.indexOf("://");
    return scheme < 0 ? describedStore : describedStore.substring(0, scheme);
  }

  /** One rule's counters, plus its detailed labels when the rule sets detailed_metric. */
  private final class RuleSeries {
    private final String domain;
    private final String ruleLabel;
    private final Rule rule;
    private final RuleMeters plain;
    private final Map<String, RuleMeters> detailed;

    RuleSeries(String domain, String ruleLabel, Rule rule, boolean detailedLabels) {
      this.domain = domain;
      this.ruleLabel = ruleLabel;
      this.rule = rule;
      this.plain = new RuleMeters(registry, domain, ruleLabel, rule);
      this.detailed = detailedLabels ? new ConcurrentHashMap<>() : null;
    }

    RuleMeters meters(Descriptor descriptor) {
      if (detailed == null) {
        return plain;
      }
      String label = detailedLabel(descriptor);
      RuleMeters meters = detailed.get(label);
      if (meters != null) {
        return meters;
      }
      // Concurrent first requests may pass this check together and add a few labels more.
      if (detailed.size() >= MAX_DETAILED_SERIES) {
        seriesOverflow.increment();
        return plain;
      }
      return detailed.computeIfAbsent(label, l -> new RuleMeters(registry, domain, l, rule));
    }

    /** Builds "ratewise.tier_free.tenant:tier_free.tenant_alice" from the rule id and entries. */
    private String detailedLabel(Descriptor descriptor) {
      StringBuilder label = new StringBuilder(ruleLabel).append(':');
      for (int i = 0; i < descriptor.entries().size(); i++) {
        Entry entry = descriptor.entries().get(i);
        if (i > 0) {
          label.append('.');
        }
        label.append(entry.key()).append('_').append(entry.value());
      }
      return label.toString();
    }
  }
}
