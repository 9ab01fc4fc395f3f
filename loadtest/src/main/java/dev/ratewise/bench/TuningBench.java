package dev.ratewise.bench;

import dev.ratewise.Ratewise;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot path's latency with tuning active against tuning off: the transport benchmark's load
 * on ratewise with the in-process store, in alternating turns with the {@link
 * SnapshotPublisher} switched on and off.
 */
final class TuningBench {
  private final BenchOptions options;
  private final PrintStream out;

  TuningBench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Report run() throws Exception {
    ClosedLoop loop = new ClosedLoop(options.streams());
    BenchServers servers = BenchServers.create();
    Measurement off = null;
    Measurement on = null;
    long published;
    try (Ratewise ratewise = servers.start(servers.settings());
        GrpcTarget target = new GrpcTarget(ratewise.grpcPort(), options.connections(),
            EnvoyRequests.enterpriseTenants(TransportBench.TENANTS));
        SnapshotPublisher publisher = new SnapshotPublisher(ratewise.limits(),
            ratewise.clock())) {
      loop.run(target, options.warmup(), Duration.ZERO);
      Duration turn = options.duration().dividedBy(options.slices());
      for (int slice = 0; slice < options.slices(); slice++) {
        // Odd rounds run the active turn first, so neither mode always runs first.
        for (int k = 0; k < 2; k++) {
          boolean active = (slice + k) % 2 == 1;
          publisher.setActive(active);
          Measurement part = loop.run(target, Duration.ofMillis(500), turn);
          if (active) {
            on = on == null ? part : on.add(part);
          } else {
            off = off == null ? part : off.add(part);
          }
        }
      }
      publisher.setActive(false);
      published = publisher.published();
    }

    List<RunResult> results = new ArrayList<>();
    results.add(off.result("tuning off", loop.streams()));
    results.add(on.result("snapshot published every second", loop.streams()));
    print(results);
    return new Report("tuning", "ShouldRateLimit p99 with a new Limits snapshot published "
        + "every second against none, in alternating turns")
        .put("streams", options.streams())
        .put("connections", options.connections())
        .put("measuredSecondsPerMode", options.duration().toSeconds())
        .put("snapshotsPublished", published)
        .put("stand-in", "SnapshotPublisher: the decision loop was not wired into ratewise yet")
        .put("results", results)
        .target(TargetCheck.atMost("p99 with tuning active vs tuning off", 1.1,
            results.get(1).p99Micros() / results.get(0).p99Micros()));
  }

  private void print(List<RunResult> results) {
    RunResult off = results.get(0);
    Table table = new Table("tuning off the hot path (latencies in µs)", "mode", "calls/s",
        "p50", "p99", "x off p99", "p99.9", "errors");
    for (RunResult result : results) {
      table.row(result.name(), result.throughput(), result.p50Micros(), result.p99Micros(),
          result.p99Micros() / off.p99Micros(), result.p999Micros(), result.errors());
    }
    table.print(out);
  }
}
