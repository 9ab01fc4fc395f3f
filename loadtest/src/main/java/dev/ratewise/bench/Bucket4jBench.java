package dev.ratewise.bench;

import dev.ratewise.Ratewise;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ratewise's limiter against Bucket4j's Lettuce proxy manager on the same Redis, from the same
 * process with the same closed loop, on one hot key and on 10,000 keys picked uniformly at
 * random. Both limit each key to {@value #LIMIT} a second. Turns alternate between the two.
 */
final class Bucket4jBench {
  /** The limit of rule {@code b} in bench.yaml, per key and second. */
  static final long LIMIT = 1_000;
  static final int SPREAD_KEYS = 10_000;
  private static final Duration TURN_WARMUP = Duration.ofMillis(500);

  private final BenchOptions options;
  private final PrintStream out;

  Bucket4jBench(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  Report run() throws Exception {
    Report report = new Report("bucket4j", "ratewise Limiter vs Bucket4j 8.14 Lettuce proxy "
        + "manager on one Redis: decisions per second and Redis commands per decision")
        .put("streams", options.streams())
        .put("limitPerKeyPerSecond", LIMIT)
        .put("measuredSecondsPerTarget", measured().toSeconds());
    BenchServers servers = BenchServers.create();
    try (RedisProcess redis = RedisProcess.start()) {
      Ratewise ratewise = null;
      String ratewiseProblem = null;
      try {
        ratewise = servers.start(servers.settings().withRedisUrl(redis.url()));
      } catch (IllegalArgumentException e) {
        ratewiseProblem = e.getMessage();
      }
      try {
        List<Map<String, Object>> rows = new ArrayList<>();
        Table table = new Table("ratewise vs Bucket4j on one Redis (latencies in µs)",
            "keys", "limiter", "decisions/s", "p50", "p99", "denied %", "cmds/decision",
            "round trips/decision");
        double hotRatio = compare("hot", new String[] {"one"}, ratewise, redis, rows, table);
        double spreadRatio = compare("spread", spreadKeys(), ratewise, redis, rows, table);
        table.print(out);
        report.put("results", rows).put("spreadThroughputRatio", spreadRatio);
        return ratewise == null
            ? report.target(TargetCheck.notRun("hot key throughput vs Bucket4j", ">= 2.0x",
                ratewiseProblem))
            : report.target(TargetCheck.atLeast("hot key throughput vs Bucket4j", 2.0,
                hotRatio));
      } finally {
        if (ratewise != null) {
          ratewise.close();
        }
      }
    }
  }

  /**
   * Measures both limiters on one key set and returns the median over turns of ratewise's
   * throughput divided by Bucket4j's, or NaN when ratewise could not start with Redis and only
   * Bucket4j ran.
   */
  private double compare(String distribution, String[] keys, Ratewise ratewise,
      RedisProcess redis, List<Map<String, Object>> rows, Table table) throws Exception {
    redis.flush();
    ClosedLoop loop = new ClosedLoop(options.streams());
    try (Bucket4jTarget bucket4j = new Bucket4jTarget(redis.client(), keys, LIMIT)) {
      List<String> names = new ArrayList<>();
      List<CountingTarget> targets = new ArrayList<>();
      if (ratewise != null) {
        names.add("ratewise");
        targets.add(new CountingTarget(new LimiterTarget(ratewise.limiter(), keys)));
      }
      names.add("bucket4j");
      targets.add(new CountingTarget(bucket4j));
      RedisRun[] runs = interleave(loop, targets, redis);

      RunResult[] results = new RunResult[runs.length];
      for (int i = 0; i < runs.length; i++) {
        results[i] = runs[i].measurement().result(names.get(i), loop.streams());
        rows.add(row(distribution, keys.length, results[i], runs[i]));
        table.row(distribution + " (" + keys.length + ")", names.get(i),
            results[i].throughput(), results[i].p50Micros(), results[i].p99Micros(),
            100.0 * results[i].denied() / results[i].calls(), runs[i].commandsPerCall(),
            roundTrips(names.get(i), runs[i]));
      }
      return results.length < 2 ? Double.NaN : results[0].medianTurnRatio(results[1]);
    }
  }

  private RedisRun[] interleave(ClosedLoop loop, List<CountingTarget> targets,
      RedisProcess redis) throws InterruptedException {
    for (CountingTarget target : targets) {
      loop.run(target, options.warmup(), Duration.ZERO);
    }
    RedisRun[] runs = new RedisRun[targets.size()];
    Duration turn = measured().dividedBy(options.slices());
    for (int slice = 0; slice < options.slices(); slice++) {
      // Each round starts with the next target, so no target always runs first.
      for (int k = 0; k < runs.length; k++) {
        int i = (slice + k) % runs.length;
        RedisRun part = RedisRun.measure(loop, targets.get(i), redis, TURN_WARMUP, turn);
        runs[i] = runs[i] == null ? part : runs[i].add(part);
      }
    }
    return runs;
  }

  /**
   * Returns the commands each limiter sent per decision. Redis 7 also counts the commands that a
   * Lua script runs in {@code commandstats}, so those are subtracted. ratewise sends one EVALSHA
   * (EVAL after a NOSCRIPT). Bucket4j 8.14's compare-and-swap sends a GET, then an EVAL whose
   * script runs either GET and PSETEX, or SET NX for a new bucket. So Bucket4j's own GETs are
   * the GET calls minus the EVALs that were not SET NX, and its round trips add up to the GET
   * calls plus the SET calls.
   */
  static double roundTrips(String limiter, RedisRun run) {
    CommandStats commands = run.commands();
    long sent = limiter.equals("bucket4j")
        ? commands.of("get") + commands.of("set")
        : commands.of("evalsha") + commands.of("eval");
    return (double) sent / run.calls();
  }

  private static Map<String, Object> row(String distribution, int keys, RunResult result,
      RedisRun run) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("distribution", distribution);
    row.put("keys", keys);
    row.put("result", result);
    row.put("redisRoundTripsPerDecision", roundTrips(result.name(), run));
    row.put("redisCommandsPerDecision", run.commandsPerCall());
    row.put("redisCommandsPerDecisionByCommand", run.commands().per(run.calls()));
    row.put("decisionsCountedForCommands", run.calls());
    return row;
  }

  private Duration measured() {
    return options.duration().dividedBy(2);
  }

  private static String[] spreadKeys() {
    String[] keys = new String[SPREAD_KEYS];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "key-" + i;
    }
    return keys;
  }
}
