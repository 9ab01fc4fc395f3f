package dev.ratewise.loadtest.demo;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The service behind Envoy, reduced to a capacity: each request that ratewise allowed is served
 * within its second of arrival. The first {@code capacityRps} requests of a second are served at
 * the normal latency; every later request of that second is an overload request, recorded with the
 * overload latency and as an error (a 503 from an overloaded backend). No time passes for real.
 *
 * <p>Worked example with a capacity of 200: 230 allowed requests in second 12 are 200 served
 * well and 30 errors, and second 12 is one overload second.
 */
final class SimulatedBackend {
  private final double capacityRps;
  private final Duration latency;
  private final Duration overloadLatency;
  // Allowed requests per second since the run started.
  private final TreeMap<Long, Integer> arrivals = new TreeMap<>();

  SimulatedBackend(double capacityRps, Duration latency, Duration overloadLatency) {
    if (capacityRps <= 0) {
      throw new IllegalArgumentException("capacityRps must be above 0, got " + capacityRps);
    }
    this.capacityRps = capacityRps;
    this.latency = latency;
    this.overloadLatency = overloadLatency;
  }

  /** A served request: its simulated latency and whether the backend failed it. */
  record Served(Duration latency, boolean error) {}

  /** Serves one allowed request that arrived in the given second of the run. */
  synchronized Served serve(long second) {
    int count = arrivals.merge(second, 1, Integer::sum);
    if (count > capacityRps) {
      return new Served(overloadLatency, true);
    }
    return new Served(latency, false);
  }

  double capacityRps() {
    return capacityRps;
  }

  /** Returns the number of seconds in which more requests arrived than the capacity. */
  synchronized int overloadSeconds() {
    return (int) arrivals.values().stream().filter(count -> count > capacityRps).count();
  }

  /** Returns the allowed requests per second of the run, by second. */
  synchronized Map<Long, Integer> arrivals() {
    return new TreeMap<>(arrivals);
  }
}
