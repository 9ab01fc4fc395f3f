package dev.ratewise.bench;

import java.time.Duration;

/**
 * A closed-loop run against a target that uses Redis, with the Redis commands made while it ran
 * and every call that ended, warm-up included, so commands divide by the calls that made them.
 * Up to one call per stream can end after the commands were read, which is well under 1% here.
 */
record RedisRun(Measurement measurement, CommandStats commands, long calls) {

  static RedisRun measure(ClosedLoop loop, CountingTarget target, RedisProcess redis,
      Duration warmup, Duration measured) throws InterruptedException {
    CommandStats before = redis.commandStats();
    long endedBefore = target.ended();

    Measurement measurement = loop.run(target, warmup, measured);

    CommandStats made = redis.commandStats().since(before);
    return new RedisRun(measurement, made, target.ended() - endedBefore);
  }

  /** Returns both runs as one: latencies merged, commands and calls added. */
  RedisRun add(RedisRun other) {
    return new RedisRun(measurement.add(other.measurement), commands.plus(other.commands),
        calls + other.calls);
  }

  /** Returns Redis commands of every kind per call. */
  double commandsPerCall() {
    return (double) commands.total() / calls;
  }

  double perCall(String command) {
    return (double) commands.of(command) / calls;
  }
}
