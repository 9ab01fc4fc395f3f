package dev.ratewise.bench;

import dev.ratewise.Ratewise;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The transport ceiling: the same closed loop against the no-op baseline server, ratewise with
 * the in-process store and ratewise with Redis on loopback, all in one process. Turns are
 * interleaved, so that load from other processes falls on all three alike.
 * Requests are {@code [tier=enterprise, tenant=tenant-<i>]} with i uniform over 100,000 tenants,
 * so at any rate below 1.5 million calls a second each tenant stays under its 15 a second and
 * nearly every call is allowed.
 */
final class TransportBench {
  static final int TENANTS = 100_000;

  private final BenchOptions options;
  private final PrintStream out;

  TransportBench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Report run() throws Exception {
    ClosedLoop loop = new ClosedLoop(options.streams());
    RateLimitRequest[] requests = EnvoyRequests.enterpriseTenants(TENANTS);
    BenchServers servers = BenchServers.create();
    List<String> names = new ArrayList<>();
    List<AutoCloseable> resources = new ArrayList<>();
    List<Target> targets = new ArrayList<>();
    String redisProblem = null;
    Duration redisCpu = Duration.ZERO;
    try {
      NoOpRateLimitServer baseline = open(resources, NoOpRateLimitServer.start());
      targets.add(open(resources, new GrpcTarget(baseline.port(), options.connections(),
          requests)));
      names.add("baseline (no-op gRPC)");

      Ratewise local = open(resources, servers.start(servers.settings()));
      targets.add(open(resources, new GrpcTarget(local.grpcPort(), options.connections(),
          requests)));
      names.add("ratewise, in-process store");

      RedisProcess redisServer = open(resources, RedisProcess.start());
      try {
        Ratewise redis = open(resources,
            servers.start(servers.settings().withRedisUrl(redisServer.url())));
        targets.add(open(resources, new GrpcTarget(redis.grpcPort(), options.connections(),
            requests)));
        names.add("ratewise, Redis store");
      } catch (IllegalArgumentException e) {
        redisProblem = e.getMessage();
      }

      Duration redisCpuBefore = redisServer.cpuTime();
      Measurement[] measured = loop.interleave(targets.toArray(Target[]::new),
          options.warmup(), options.duration(), options.slices());
      redisCpu = redisServer.cpuTime().minus(redisCpuBefore);
      List<RunResult> results = new ArrayList<>();
      for (int i = 0; i < measured.length; i++) {
        results.add(measured[i].result(names.get(i), loop.streams()));
      }
      // The Redis target's turns, warm-ups included, are the only time Redis is busy.
      double redisBusySeconds = options.warmup().toMillis() / 1000.0
          + options.duration().toMillis() / 1000.0 + options.slices() * 0.5;
      double redisCores = redisCpu.toMillis() / 1000.0 / redisBusySeconds;
      if (redisProblem == null) {
        out.printf("redis-server used %.1f CPU seconds, about %.2f cores during the Redis turns%n",
            redisCpu.toMillis() / 1000.0, redisCores);
      }
      return report(results, redisProblem)
          .put("redisServerCpuSeconds", redisCpu.toMillis() / 1000.0)
          .put("redisServerCoresDuringRedisTurns", redisCores);
    } finally {
      BenchServers.closeAll(resources);
    }
  }

  private Report report(List<RunResult> results, String redisProblem) {
    Report report = new Report("transport", "ShouldRateLimit through gRPC on loopback: "
        + "no-op baseline, ratewise in-process, ratewise with Redis, in interleaved turns")
        .put("streams", options.streams())
        .put("connections", options.connections())
        .put("warmupSeconds", options.warmup().toSeconds())
        .put("measuredSecondsPerTarget", options.duration().toSeconds())
        .put("turnsPerTarget", options.slices())
        .put("requests", "[tier=enterprise, tenant=tenant-<i>], i uniform over " + TENANTS)
        .put("results", results);
    RunResult baseline = results.get(0);
    addTargets(report, baseline, results.get(1), results.size() > 2 ? results.get(2) : null,
        redisProblem);
    print(results, baseline);
    return report;
  }

  private static <T extends AutoCloseable> T open(List<AutoCloseable> resources, T resource) {
    resources.add(resource);
    return resource;
  }

  private static void addTargets(Report report, RunResult baseline, RunResult local,
      RunResult redis, String redisProblem) {
    report.target(TargetCheck.atLeast("in-process store throughput vs baseline", 0.85,
        local.medianTurnRatio(baseline)));
    report.target(TargetCheck.atMost("in-process store p99 vs baseline p99", 2.0,
        local.p99Micros() / baseline.p99Micros()));
    if (redis == null) {
      report.target(TargetCheck.notRun("Redis store throughput vs baseline", ">= 0.6x",
          redisProblem));
      report.target(TargetCheck.notRun("Redis store p99 vs baseline p99", "<= 3.0x",
          redisProblem));
      return;
    }
    report.target(TargetCheck.atLeast("Redis store throughput vs baseline", 0.6,
        redis.medianTurnRatio(baseline)));
    report.target(TargetCheck.atMost("Redis store p99 vs baseline p99", 3.0,
        redis.p99Micros() / baseline.p99Micros()));
  }

  private void print(List<RunResult> results, RunResult baseline) {
    Table table = new Table("transport ceiling (closed loop, latencies in µs; x baseline is the "
        + "median of per-round throughput ratios)", "server", "calls/s", "x baseline", "p50",
        "p99", "x base p99", "p99.9", "denied", "errors");
    for (RunResult result : results) {
      table.row(result.name(), result.throughput(), result.medianTurnRatio(baseline),
          result.p50Micros(), result.p99Micros(), result.p99Micros() / baseline.p99Micros(),
          result.p999Micros(), result.denied(), result.errors());
    }
    table.print(out);
  }
}
