package dev.ratewise.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The measured part of one closed-loop run. Latencies are in microseconds.
 *
 * @param allowed calls that were allowed
 * @param denied calls that were denied as over the limit
 * @param errors calls that failed
 * @param throughput completed calls per second, errors included
 * @param turnThroughputs the throughput of each measured turn, in the order run
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
    double maxMicros,
    List<Double> turnThroughputs) {

  long calls() {
    return allowed + denied + errors;
  }

  /**
   * Returns the median over turns of this run's throughput divided by {@code other}'s in the
   * same turn. Turns of one round run back to back, so each quotient compares two targets under
   * nearly the same load from other processes.
   */
  double medianTurnRatio(RunResult other) {
    int turns = Math.min(turnThroughputs.size(), other.turnThroughputs.size());
    List<Double> ratios = new ArrayList<>(turns);
    for (int i = 0; i < turns; i++) {
      ratios.add(turnThroughputs.get(i) / other.turnThroughputs.get(i));
    }
    ratios.sort(null);
    return turns % 2 == 1
        ? ratios.get(turns / 2)
        : (ratios.get(turns / 2 - 1) + ratios.get(turns / 2)) / 2;
  }
}
