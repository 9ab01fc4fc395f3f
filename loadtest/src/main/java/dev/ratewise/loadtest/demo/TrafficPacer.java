package dev.ratewise.loadtest.demo;

import dev.ratewise.loadtest.demo.DemoScenario.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends Check calls open-loop at each tenant's scenario demand: a tick every
 * {@link #TICK_MILLIS} adds {@code demand × tick} to a tenant's credit and sends one call per
 * whole credit, without waiting for responses, so a slow server does not slow the offered load.
 *
 * <p>Worked example: at 25 requests per second and 10 ms ticks a tenant earns 0.25 calls per
 * tick and sends one call every fourth tick.
 */
final class TrafficPacer {
  /** Time between ticks, in milliseconds. */
  static final long TICK_MILLIS = 10;

  private final DemoScenario scenario;
  private final Clock clock;
  private final long startMillis;
  private final CallSink sink;
  private final double[] credits;
  private ScheduledFuture<?> ticks;

  /** Receives each call the pacer decides to send. */
  interface CallSink {
    void send(Tenant tenant);
  }

  TrafficPacer(DemoScenario scenario, Clock clock, long startMillis, CallSink sink) {
    this.scenario = scenario;
    this.clock = clock;
    this.startMillis = startMillis;
    this.sink = sink;
    this.credits = new double[scenario.tenants().size()];
  }

  /** Starts ticking after {@code delayMillis}, which should end at the start time. */
  void start(ScheduledExecutorService executor, long delayMillis) {
    ticks = executor.scheduleAtFixedRate(this::tick, delayMillis, TICK_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }

  /** Adds one tick of demand to every tenant's credit and sends the whole calls it buys. */
  void tick() {
    Duration offset = Duration.ofMillis(clock.millis() - startMillis);
    if (offset.isNegative() || offset.compareTo(scenario.length()) >= 0) {
      return;
    }
    List<Tenant> tenants = scenario.tenants();
    for (int i = 0; i < tenants.size(); i++) {
      Tenant tenant = tenants.get(i);
      credits[i] += scenario.demandAt(tenant, offset) * TICK_MILLIS / 1_000.0;
      while (credits[i] >= 1) {
        credits[i] -= 1;
        sink.send(tenant);
      }
    }
  }
}
