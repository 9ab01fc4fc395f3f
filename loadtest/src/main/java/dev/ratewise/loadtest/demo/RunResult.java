package dev.ratewise.loadtest.demo;

import dev.ratewise.admin.v1.TuningCycle;
import java.util.List;
import java.util.Map;

/**
 * The raw record of one run, before any figure is computed from it.
 *
 * @param mode {@code adaptive} (tuning on) or {@code static} (tuning off)
 * @param startMillis the run's start on the shared clock, in epoch milliseconds
 * @param traffic Check verdicts per tier and second
 * @param backend the simulated backend with its per-second arrivals
 * @param limits the charted rule limits, read from the admin API once per sample interval
 * @param cycles the tuning cycles from the decision audit, oldest first
 * @param events what the runner did at which offset, such as approvals
 * @param notes problems that make a figure incomplete, for the report
 */
record RunResult(
    String mode,
    long startMillis,
    TrafficLog traffic,
    SimulatedBackend backend,
    List<LimitSample> limits,
    List<TuningCycle> cycles,
    List<Event> events,
    List<String> notes) {

  /** The effective limit of each tier's rule at an offset in seconds; absent when unknown. */
  record LimitSample(double offsetSeconds, Map<String, Long> byTier) {}

  /** A runner action at an offset in seconds. */
  record Event(double offsetSeconds, String text) {}
}
