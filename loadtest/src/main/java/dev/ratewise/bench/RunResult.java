package dev.ratewise.bench;

/**
 * The measured part of one closed-loop run. Latencies are in microseconds.
 *
 * @param allowed calls answered with "allowed"
 * @param denied calls answered with "over the limit"
 * @param errors calls that failed
 * @param throughput completed calls per second, errors included
 * @param latencySamples calls whose latency was recorded: every call that overlaps the window
 */
record RunResult(
    String name,
    int streams,
    double seconds,
    long allowed,
    long denied,
    long errors,
    double throughput,
    long latencySamples,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    double maxMicros) {

  long calls() {
    return allowed + denied + errors;
  }
}
