package dev.ratewise.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metric names that the Grafana dashboard queries, read from the {@code expr} of every panel
 * target. Tests of the metrics code can compare these with the meters the server registers.
 */
final class DashboardMetrics {
  /** The dashboard that deploy/docker-compose.yml provisions into Grafana. */
  static final Path DASHBOARD = RepositoryFiles.resolve("deploy/grafana/dashboards/ratewise.json");

  /**
   * Prometheus names of every ratewise metric, as the metrics code exports them. Histograms
   * appear as their {@code _bucket} series because the dashboard reads quantiles from those.
   */
  static final Set<String> RATEWISE_METRICS = Set.of(
      "ratewise_decisions_total",
      "ratewise_hits_total",
      "ratewise_request_duration_seconds_bucket",
      "ratewise_store_duration_seconds_bucket",
      "ratewise_store_errors_total",
      "ratewise_degraded",
      "ratewise_config_reloads_total",
      "ratewise_limit_current",
      "ratewise_limit_baseline",
      "ratewise_forecast_demand_rps",
      "ratewise_surge_probability",
      "ratewise_advisor_calls_total",
      "ratewise_advisor_fallbacks_total",
      "ratewise_approvals_pending",
      "ratewise_revenue_served_dollars_total",
      "ratewise_revenue_denied_dollars_total",
      "jvm_memory_used_bytes");

  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\([^)]*\\)");
  private static final Pattern STRINGS = Pattern.compile("\"[^\"]*\"");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?");

  private DashboardMetrics() {}

  static List<String> expressions(JsonNode dashboard) {
    return dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
  }

  static Set<String> metricNames(JsonNode dashboard) {
    Set<String> names = new TreeSet<>();
    expressions(dashboard).forEach(expression -> names.addAll(metricNames(expression)));
    return names;
  }

  /**
   * Returns the metric names in a PromQL expression. This is a token scan, not a parser: it drops
   * label matchers, {@code by}/{@code without} label lists and string literals, then keeps the
   * identifiers that contain an underscore and are not followed by {@code (}, which removes
   * functions such as {@code histogram_quantile}. A metric name without an underscore would be
   * missed, which no ratewise metric is.
   */
  static Set<String> metricNames(String expression) {
    String stripped = STRINGS.matcher(expression).replaceAll(" ");
    stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = GROUPING.matcher(stripped).replaceAll(" ");

    Set<String> names = new TreeSet<>();
    Matcher token = IDENTIFIER.matcher(stripped);
    while (token.find()) {
      boolean isFunction = token.group(1) != null;
      String name = token.group().replaceAll("[\\s(]", "");
      if (!isFunction && name.contains("_")) {
        names.add(name);
      }
    }
    return names;
  }
}
