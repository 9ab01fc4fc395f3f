package dev.ratewise;

import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks the ranges of numeric and duration flags before the server starts, so a bad value stops
 * the start with a message that names the flag and exit code 2, not a stack trace from deep in
 * gRPC, Netty or the scheduler.
 */
final class FlagBounds {
  /** Largest TCP port number. */
  private static final int MAX_PORT = 65_535;

  /**
   * Largest duration a flag takes, about 292 years: the largest one {@link Duration#toNanos()}
   * returns without overflow, which the store timeout and the schedulers convert to.
   */
  private static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

  private FlagBounds() {}

  /**
   * Checks every bounded flag of {@code main}.
   *
   * @throws CommandLine.ParameterException naming the first flag whose value is out of range
   */
  static void check(Main main, CommandSpec spec) {
    checkPort(spec, "--grpc-port", main.grpcPort);
    checkPort(spec, "--http-port", main.httpPort);
    if (main.maxMessageSize <= 0) {
      throw invalid(spec, "--max-message-size", String.valueOf(main.maxMessageSize),
          "use a positive number of bytes such as 8388608");
    }
    if (!(main.nearLimitRatio > 0 && main.nearLimitRatio <= 1)) {
      throw invalid(spec, "--near-limit-ratio", String.valueOf(main.nearLimitRatio),
          "use a number above 0 and at most 1, such as 0.8");
    }
    checkPositive(spec, "--store-timeout", main.storeTimeout);
    checkAtMost(spec, "--ttl-jitter", main.ttlJitter, Duration.ofSeconds(Integer.MAX_VALUE));
    checkAtMost(spec, "--max-connection-age-grace", main.maxConnectionAgeGrace, MAX_DURATION);
    checkAtMost(spec, "--shutdown-grace", main.shutdownGrace, MAX_DURATION);
    checkAtMost(spec, "--advisor-timeout", main.advisorTimeout, MAX_DURATION);
    checkPositive(spec, "--config-poll-interval", main.configPollInterval);
    checkPositive(spec, "--keepalive-permit", main.keepAlivePermit);
    checkPositive(spec, "--max-connection-age", main.maxConnectionAge);
    if (main.tuningInterval != null) {
      checkPositive(spec, "--tuning-interval", main.tuningInterval);
    }
  }

  private static void checkPort(CommandSpec spec, String flag, int port) {
    if (port < 0 || port > MAX_PORT) {
      throw invalid(spec, flag, String.valueOf(port),
          "use a port from 1 to 65535, or 0 for a free one");
    }
  }

  private static void checkPositive(CommandSpec spec, String flag, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw invalid(spec, flag, value.toMillis() + "ms", "use a positive duration such as 2s");
    }
    checkAtMost(spec, flag, value, MAX_DURATION);
  }

  private static void checkAtMost(CommandSpec spec, String flag, Duration value, Duration max) {
    if (value.compareTo(max) > 0) {
      throw invalid(spec, flag, value.toHours() + "h",
          "use at most " + max.toHours() + "h");
    }
  }

  private static CommandLine.ParameterException invalid(CommandSpec spec, String flag,
      String value, String fix) {
    return new CommandLine.ParameterException(spec.commandLine(),
        "invalid " + flag + " '" + value + "': " + fix);
  }
}
