package dev.ratewise.bench;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latencies and call counts of one or more measured windows against one target. Windows are
 * added together, so a target measured in several interleaved slices reports as one run.
 */
final class Measurement {
  private final Histogram latencies;
  private double seconds;
  private long allowed;
  private long denied;
  private long errors;
  private final List<Double> turnThroughputs = new ArrayList<>();

  Measurement(Histogram latencies, double seconds, long allowed, long denied, long errors) {
    this.latencies = latencies;
    this.seconds = seconds;
    this.allowed = allowed;
    this.denied = denied;
    this.errors = errors;
    turnThroughputs.add((allowed + denied + errors) / seconds);
  }

  /** Adds another window's latencies and counts to this one. */
  Measurement add(Measurement other) {
    latencies.add(other.latencies);
    seconds += other.seconds;
    allowed += other.allowed;
    denied += other.denied;
    errors += other.errors;
    turnThroughputs.addAll(other.turnThroughputs);
    return this;
  }

  RunResult result(String name, int streams) {
    return new RunResult(name, streams, seconds, allowed, denied, errors,
        (allowed + denied + errors) / seconds,
        latencies.getTotalCount(),
        micros(latencies.getValueAtPercentile(50)),
        micros(latencies.getValueAtPercentile(99)),
        micros(latencies.getValueAtPercentile(99.9)),
        micros(latencies.getMaxValue()),
        List.copyOf(turnThroughputs));
  }

  private static double micros(long nanos) {
    return nanos / 1000.0;
  }
}
