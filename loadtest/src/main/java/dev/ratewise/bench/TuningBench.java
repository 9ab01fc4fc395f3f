package dev.ratewise.bench;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot path's latency with the decision loop running every second against the loop off:
 * the transport benchmark's load on ratewise with the in-process store, in rotating turns.
 * Each turn starts a fresh ratewise, so the loop's threads run only in the turns measured with
 * it, and the JIT stays warm because every server shares this process.
 *
 * <p>No Ollama runs here, so the loop's advisor is the heuristic (ollama URL "off"). The loop
 * still reads telemetry, forecasts, applies guardrails and governance, and writes the SQLite
 * audit. It publishes a snapshot only when it changes a limit, so a third mode runs the loop off
 * with a {@link SnapshotPublisher} that swaps the snapshot every second.
 */
final class TuningBench {
  private static final String[] MODES =
      {"tuning off", "decision loop every 1 s", "snapshot published every 1 s"};
  private static final int OFF = 0;
  private static final int LOOP = 1;
  private static final int PUBLISHER = 2;
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration TURN_WARMUP = Duration.ofSeconds(1);

  private final BenchOptions options;
  private final PrintStream out;

  TuningBench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Report run() throws Exception {
    ClosedLoop loop = new ClosedLoop(options.streams());
    BenchServers servers = BenchServers.create();
    ServerSettings off = servers.settings();
    ServerSettings tuned = off.withTuning(new ServerSettings.TuningSettings(true, INTERVAL,
        "off", "llama3.2", Duration.ofSeconds(2), off.tuning().stateDir()));
    var requests = EnvoyRequests.enterpriseTenants(TransportBench.TENANTS);

    try (Ratewise ratewise = servers.start(off);
        GrpcTarget target = new GrpcTarget(ratewise.grpcPort(), options.connections(),
            requests)) {
      loop.run(target, options.warmup(), Duration.ZERO);
    }
    Measurement[] modes = new Measurement[MODES.length];
    long[] swaps = new long[MODES.length];
    Duration turn = options.duration().dividedBy(options.slices());
    for (int slice = 0; slice < options.slices(); slice++) {
      // Each round starts with the next mode, so no mode always runs first.
      for (int k = 0; k < MODES.length; k++) {
        int mode = (slice + k) % MODES.length;
        try (Ratewise ratewise = servers.start(mode == LOOP ? tuned : off);
            GrpcTarget target = new GrpcTarget(ratewise.grpcPort(), options.connections(),
                requests);
            SnapshotWatcher watcher = new SnapshotWatcher(ratewise.limits());
            SnapshotPublisher publisher = mode == PUBLISHER
                ? new SnapshotPublisher(ratewise.limits(), ratewise.clock())
                : null) {
          Measurement part = loop.run(target, TURN_WARMUP, turn);
          modes[mode] = modes[mode] == null ? part : modes[mode].add(part);
          swaps[mode] += watcher.swaps();
        }
      }
    }

    List<RunResult> results = new ArrayList<>();
    for (int mode = 0; mode < MODES.length; mode++) {
      results.add(modes[mode].result(MODES[mode], loop.streams()));
    }
    print(results);
    return new Report("tuning", "ShouldRateLimit p99 with the decision loop running every "
        + "second, and with a snapshot published every second, against the loop off, in "
        + "rotating turns on fresh servers")
        .put("streams", options.streams())
        .put("connections", options.connections())
        .put("measuredSecondsPerMode", options.duration().toSeconds())
        .put("turnsPerMode", options.slices())
        .put("advisor", "heuristic (no Ollama on this machine)")
        .put("snapshotSwapsSeenPerMode", swaps)
        .put("results", results)
        .target(TargetCheck.atMost("p99 with tuning active vs tuning off", 1.1,
            results.get(LOOP).p99Micros() / results.get(OFF).p99Micros()))
        .target(TargetCheck.atMost("p99 with a snapshot published every second vs tuning off",
            1.1, results.get(PUBLISHER).p99Micros() / results.get(OFF).p99Micros()));
  }

  private void print(List<RunResult> results) {
    RunResult off = results.get(0);
    Table table = new Table("tuning off the hot path (latencies in µs)", "mode", "calls/s",
        "x off", "p50", "p99", "x off p99", "p99.9", "errors");
    for (RunResult result : results) {
      table.row(result.name(), result.throughput(), result.medianTurnRatio(off),
          result.p50Micros(), result.p99Micros(), result.p99Micros() / off.p99Micros(),
          result.p999Micros(), result.errors());
    }
    table.print(out);
  }
}
