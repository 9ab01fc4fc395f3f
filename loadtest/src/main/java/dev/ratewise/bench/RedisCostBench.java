package dev.ratewise.bench;

import dev.ratewise.Ratewise;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis commands per ShouldRateLimit decision, from the change in {@code INFO commandstats} over
 * a run divided by the calls of that run. Requests with 1, 3 and 10 allowed descriptors should
 * each cost at most one script call, and a key over its limit should cost none once the
 * over-limit cache contains it, apart from the calls that reach Redis before the cache is
 * filled at the start of each window. Redis 7 also counts the INCRBY, TTL, EXPIRE and GET that
 * the script runs, so the last column is larger than the round trips.
 */
final class RedisCostBench {
  static final int TENANTS = 10_000;
  /** The limit of rule {@code hot=one} in bench.yaml, per second. */
  static final long HOT_LIMIT = 100;
  private static final Duration WARMUP = Duration.ofSeconds(1);
  private static final Duration MEASURED = Duration.ofSeconds(5);

  private final BenchOptions options;
  private final PrintStream out;

  RedisCostBench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Report run() throws Exception {
    Report report = new Report("redis-cost", "Redis commands per ShouldRateLimit decision, "
        + "from INFO commandstats, through gRPC with the Redis store")
        .put("streams", options.streams())
        .put("secondsPerScenario", (WARMUP.plus(MEASURED)).toSeconds());
    BenchServers servers = BenchServers.create();
    try (RedisProcess redis = RedisProcess.start()) {
      Ratewise ratewise;
      try {
        ratewise = servers.start(servers.settings().withRedisUrl(redis.url()));
      } catch (IllegalArgumentException e) {
        return report.target(TargetCheck.notRun("script calls per request", "<= 1",
            e.getMessage()));
      }
      try (ratewise) {
        return measureAll(report, ratewise, redis);
      }
    }
  }

  private Report measureAll(Report report, Ratewise ratewise, RedisProcess redis)
      throws Exception {
    ClosedLoop loop = new ClosedLoop(options.streams());
    List<Map<String, Object>> rows = new ArrayList<>();
    Table table = new Table("Redis commands per ShouldRateLimit call", "requests", "calls",
        "denied %", "evalsha/call", "eval/call", "cmds incl. script/call");
    for (int descriptors : new int[] {1, 3, 10}) {
      String name = descriptors + " descriptor" + (descriptors == 1 ? "" : "s") + ", allowed";
      Scenario scenario = measure(loop, ratewise, redis, name,
          EnvoyRequests.spread(TENANTS, descriptors));
      rows.add(scenario.row());
      scenario.print(table);
      report.target(TargetCheck.atMost("script calls per request, " + name, 1.0,
          scenario.scriptCallsPerCall()));
    }

    Scenario hot = measure(loop, ratewise, redis, "1 descriptor over its limit",
        EnvoyRequests.hotKey());
    rows.add(hot.row());
    hot.print(table);
    // Each one-second window lets HOT_LIMIT + 1 calls reach Redis, and the calls already in
    // flight when the first over-limit response comes back, at most one per stream.
    long windows = (long) Math.ceil(hot.elapsedSeconds) + 1;
    long allowance = windows * (HOT_LIMIT + 1 + options.streams());
    report.target(new TargetCheck("script calls on a key over its limit, vs calls that reach "
        + "Redis before the cache is filled", "<= 1.0x", (double) hot.scriptCalls() / allowance,
        hot.scriptCalls() <= allowance));
    table.print(out);
    return report.put("results", rows);
  }

  private Scenario measure(ClosedLoop loop, Ratewise ratewise, RedisProcess redis, String name,
      RateLimitRequest[] requests) throws Exception {
    redis.flush();
    try (GrpcTarget grpc = new GrpcTarget(ratewise.grpcPort(), options.connections(), requests)) {
      CountingTarget target = new CountingTarget(grpc);
      long started = System.nanoTime();
      RedisRun run = RedisRun.measure(loop, target, redis, WARMUP, MEASURED);
      double elapsed = (System.nanoTime() - started) / 1e9;
      return new Scenario(name, run, run.measurement().result(name, loop.streams()), elapsed);
    }
  }

  /** One request shape's run. */
  private record Scenario(String name, RedisRun run, RunResult result, double elapsedSeconds) {
    long scriptCalls() {
      return run.commands().of("evalsha") + run.commands().of("eval");
    }

    double scriptCallsPerCall() {
      return (double) scriptCalls() / run.calls();
    }

    Map<String, Object> row() {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("requests", name);
      row.put("calls", run.calls());
      row.put("result", result);
      row.put("scriptCallsPerCall", scriptCallsPerCall());
      row.put("commandsPerCall", run.commandsPerCall());
      row.put("commandsPerCallByCommand", run.commands().per(run.calls()));
      return row;
    }

    void print(Table table) {
      table.row(name, run.calls(), 100.0 * result.denied() / result.calls(),
          run.perCall("evalsha"), run.perCall("eval"), run.commandsPerCall());
    }
  }
}
