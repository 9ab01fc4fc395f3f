package dev.ratewise.loadtest;

import java.util.Map;

/**
 * The result of one run against one server, as printed and written to JSON.
 *
 * @param label the server's name in tables, such as {@code ratewise} or {@code baseline}
 * @param target host:port of the server
 * @param api the service called
 * @param mode {@code open-loop} or {@code closed-loop}
 * @param durationSeconds wall time from the first send to the last response
 * @param sent calls sent
 * @param completed calls that returned a response or failed
 * @param throughput completed calls per second of wall time
 * @param latencyMillis latency percentiles; open-loop latency counts from the intended send time
 * @param errorsByStatus failed calls by gRPC status code name
 * @param tiers counts by tier label, in mix order
 * @param phases counts by phase name and then tier label, in scenario order
 */
record Report(
    String label,
    String target,
    Api api,
    String mode,
    double durationSeconds,
    long sent,
    long completed,
    double throughput,
    Latency latencyMillis,
    Map<String, Long> errorsByStatus,
    Map<String, TierCounts> tiers,
    Map<String, Map<String, TierCounts>> phases) {

  /** Latency percentiles in milliseconds. */
  record Latency(double p50, double p90, double p99, double p999, double max) {}

  /** Calls of one tier by verdict. */
  record TierCounts(long allowed, long denied, long rejected, long errors) {
    long total() {
      return allowed + denied + rejected + errors;
    }
  }
}
