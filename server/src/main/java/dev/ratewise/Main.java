package dev.ratewise;

import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.tuning.advisor.FallbackAdvisor;
import dev.ratewise.tuning.advisor.OllamaEndpoint;
import dev.ratewise.store.redis.RedisStoreException;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line. Every flag also reads an environment variable, named in its help. */
@Command(
    name = "ratewise",
    mixinStandardHelpOptions = true,
    version = "ratewise 0.1.0",
    sortOptions = false,
    description = "Adaptive rate limit service for Envoy: RLS v3 and ext_authz v3 on one port.")
public final class Main implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  @Option(names = "--config", defaultValue = "${env:RATEWISE_CONFIG}",
      description = "YAML config file or directory of them (env RATEWISE_CONFIG). "
          + "Default: the bundled business-tier example.")
  Path config;

  @Option(names = "--grpc-port", defaultValue = "${env:RATEWISE_GRPC_PORT:-8081}",
      description = "gRPC port for Envoy and the admin API (env RATEWISE_GRPC_PORT). "
          + "Default: ${DEFAULT-VALUE}.")
  int grpcPort;

  @Option(names = "--http-port", defaultValue = "${env:RATEWISE_HTTP_PORT:-8080}",
      description = "HTTP port for health, metrics, admin and /demo (env RATEWISE_HTTP_PORT). "
          + "Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = "--bind-address", defaultValue = "${env:RATEWISE_BIND_ADDRESS:-0.0.0.0}",
      description = "Address both ports listen on (env RATEWISE_BIND_ADDRESS). "
          + "Default: ${DEFAULT-VALUE}.")
  String bindAddress;

  @Option(names = "--redis-url", defaultValue = "${env:RATEWISE_REDIS_URL}",
      description = "Lettuce URI of the counter store, such as redis://host:6379 or "
          + "redis-sentinel://host:26379/0#mymaster (env RATEWISE_REDIS_URL). "
          + "Default: the in-process store.")
  String redisUrl;

  @Option(names = "--redis-cluster", defaultValue = "${env:RATEWISE_REDIS_CLUSTER:-false}",
      description = "Treat --redis-url as one node of a Redis Cluster and send one EVALSHA per "
          + "hash slot (env RATEWISE_REDIS_CLUSTER). Default: ${DEFAULT-VALUE}.")
  boolean redisCluster;

  @Option(names = "--on-store-failure", defaultValue = "${env:RATEWISE_ON_STORE_FAILURE:-error}",
      description = "When the store fails or times out: error (fail the RPC with UNAVAILABLE), "
          + "allow, deny, or local (count in this process) (env RATEWISE_ON_STORE_FAILURE). "
          + "Default: ${DEFAULT-VALUE}.")
  String onStoreFailure;

  @Option(names = "--store-timeout", defaultValue = "${env:RATEWISE_STORE_TIMEOUT:-15ms}",
      converter = DurationConverter.class,
      description = "Maximum wait for one store round trip; keep it below Envoy's 20 ms "
          + "rate limit timeout (env RATEWISE_STORE_TIMEOUT). Default: ${DEFAULT-VALUE}.")
  Duration storeTimeout;

  @Option(names = "--response-headers", defaultValue = "${env:RATEWISE_RESPONSE_HEADERS:-off}",
      description = "on or off: add RateLimit-Limit, -Remaining and -Reset to ShouldRateLimit "
          + "answers (env RATEWISE_RESPONSE_HEADERS). Check answers always carry them. "
          + "Default: ${DEFAULT-VALUE}.")
  String responseHeaders;

  @Option(names = "--near-limit-ratio", defaultValue = "${env:RATEWISE_NEAR_LIMIT_RATIO:-0.8}",
      description = "Share of a limit above which an allowed request counts as near_limit in "
          + "metrics, in (0, 1] (env RATEWISE_NEAR_LIMIT_RATIO). Default: ${DEFAULT-VALUE}.")
  double nearLimitRatio;

  @Option(names = "--global-shadow-mode",
      defaultValue = "${env:RATEWISE_GLOBAL_SHADOW_MODE:-false}",
      description = "Turn every over-limit overall code into OK while counting as usual "
          + "(env RATEWISE_GLOBAL_SHADOW_MODE). Default: ${DEFAULT-VALUE}.")
  boolean globalShadowMode;

  @Option(names = "--ttl-jitter", defaultValue = "${env:RATEWISE_TTL_JITTER:-0s}",
      converter = DurationConverter.class,
      description = "Largest random time added to each counter's TTL, to spread expiries "
          + "(env RATEWISE_TTL_JITTER). Default: ${DEFAULT-VALUE}.")
  Duration ttlJitter;

  @Option(names = "--config-poll-interval",
      defaultValue = "${env:RATEWISE_CONFIG_POLL_INTERVAL:-2s}",
      converter = DurationConverter.class,
      description = "How often config files are checked for changes "
          + "(env RATEWISE_CONFIG_POLL_INTERVAL). Default: ${DEFAULT-VALUE}.")
  Duration configPollInterval;

  @Option(names = "--max-message-size",
      defaultValue = "${env:RATEWISE_MAX_MESSAGE_SIZE:-8388608}",
      description = "Largest inbound gRPC message in bytes; Check requests carry the body when "
          + "Envoy uses with_request_body (env RATEWISE_MAX_MESSAGE_SIZE). "
          + "Default: ${DEFAULT-VALUE}.")
  int maxMessageSize;

  @Option(names = "--keepalive-permit", defaultValue = "${env:RATEWISE_KEEPALIVE_PERMIT:-30s}",
      converter = DurationConverter.class,
      description = "Shortest client keepalive ping interval accepted; Envoy's "
          + "connection_keepalive.interval must not be shorter (env RATEWISE_KEEPALIVE_PERMIT). "
          + "Default: ${DEFAULT-VALUE}.")
  Duration keepAlivePermit;

  @Option(names = "--max-connection-age",
      defaultValue = "${env:RATEWISE_MAX_CONNECTION_AGE:-5m}",
      converter = DurationConverter.class,
      description = "Age after which a client connection is asked to reconnect, so Envoy's "
          + "connections rebalance across replicas (env RATEWISE_MAX_CONNECTION_AGE). "
          + "Default: ${DEFAULT-VALUE}.")
  Duration maxConnectionAge;

  @Option(names = "--max-connection-age-grace",
      defaultValue = "${env:RATEWISE_MAX_CONNECTION_AGE_GRACE:-30s}",
      converter = DurationConverter.class,
      description = "Time in-flight calls get to finish on an aged connection "
          + "(env RATEWISE_MAX_CONNECTION_AGE_GRACE). Default: ${DEFAULT-VALUE}.")
  Duration maxConnectionAgeGrace;

  @Option(names = "--shutdown-grace", defaultValue = "${env:RATEWISE_SHUTDOWN_GRACE:-10s}",
      converter = DurationConverter.class,
      description = "Time in-flight calls get to finish at shutdown "
          + "(env RATEWISE_SHUTDOWN_GRACE). Default: ${DEFAULT-VALUE}.")
  Duration shutdownGrace;

  @Option(names = "--ollama-url",
      defaultValue = "${env:RATEWISE_OLLAMA_URL:-http://localhost:11434}",
      description = "Base URL of the Ollama server that runs the advisor model; off leaves the "
          + "model out and tunes with the heuristic alone (env RATEWISE_OLLAMA_URL). "
          + "Default: ${DEFAULT-VALUE}.")
  String ollamaUrl;

  @Option(names = "--model", defaultValue = "${env:RATEWISE_MODEL:-llama3.2}",
      description = "Ollama model that proposes limits (env RATEWISE_MODEL). "
          + "Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--advisor-timeout", defaultValue = "${env:RATEWISE_ADVISOR_TIMEOUT:-5s}",
      converter = DurationConverter.class,
      description = "Maximum wait for one model response; after it the heuristic advises "
          + "(env RATEWISE_ADVISOR_TIMEOUT). Default: ${DEFAULT-VALUE}.")
  Duration advisorTimeout;

  @Option(names = "--tuning-interval", defaultValue = "${env:RATEWISE_TUNING_INTERVAL}",
      converter = DurationConverter.class,
      description = "Time between tuning cycles, such as 10s (env RATEWISE_TUNING_INTERVAL). "
          + "Default: the config's tuning.interval.")
  Duration tuningInterval;

  @Option(names = "--no-tuning", defaultValue = "${env:RATEWISE_NO_TUNING:-false}",
      description = "Keep every limit at its configured value; the admin API still reads "
          + "(env RATEWISE_NO_TUNING). Default: ${DEFAULT-VALUE}.")
  boolean noTuning;

  @Option(names = "--state-dir", defaultValue = "${env:RATEWISE_STATE_DIR:-data}",
      description = "Folder of the SQLite audit trail and pending approvals "
          + "(env RATEWISE_STATE_DIR). Default: ${DEFAULT-VALUE}.")
  Path stateDir;

  @Option(names = "--admin-token", defaultValue = "${env:RATEWISE_ADMIN_TOKEN}",
      description = "Bearer token that admin changes (approve, reject, set limit, run cycle) "
          + "need over HTTP and gRPC (env RATEWISE_ADMIN_TOKEN). Default: none, so only "
          + "loopback callers may change state.")
  String adminToken;

  @Option(names = "--validate-config",
      description = "Load the config, print any error with its file and line, and exit.")
  boolean validateConfig;

  public static void main(String[] args) {
    int exitCode = new CommandLine(new Main()).execute(args);
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    ServerSettings settings = toSettings();
    if (validateConfig) {
      return validate(settings);
    }
    Ratewise ratewise;
    try {
      ratewise = Ratewise.start(settings, Clock.systemUTC());
    } catch (ConfigException e) {
      log.error("cannot start: {}", e.getMessage());
      return 1;
    } catch (RedisStoreException e) {
      log.error("cannot start: {}; check --redis-url and that Redis is reachable",
          e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      // Flag values that only the component using them can check, such as --redis-url.
      log.error("cannot start: {}", e.getMessage());
      return 2;
    } catch (IOException | JavalinBindException e) {
      log.error("cannot start: {}; check --bind-address, --grpc-port and --http-port",
          e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("shutting down");
      ratewise.close();
    }, "ratewise-shutdown"));
    ratewise.awaitTermination();
    return 0;
  }

  private int validate(ServerSettings settings) {
    try {
      if (settings.configPath() == null) {
        ConfigLoader.loadBundledExample();
      } else {
        ConfigLoader.load(settings.configPath());
      }
      log.info("config is valid");
      return 0;
    } catch (ConfigException e) {
      log.error("invalid config: {}", e.getMessage());
      return 1;
    }
  }

  ServerSettings toSettings() {
    CommandLine.Model.CommandSpec spec = new CommandLine(this).getCommandSpec();
    FlagBounds.check(this, spec);
    LimiterSettings limiter;
    try {
      limiter = new LimiterSettings(storeTimeout, parsePolicy(spec), nearLimitRatio,
          globalShadowMode, Math.toIntExact(ttlJitter.toSeconds()));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return new ServerSettings(config, grpcPort, httpPort, bindAddress, redisUrl, limiter,
        parseOnOff(spec, responseHeaders), configPollInterval, maxMessageSize, keepAlivePermit,
        maxConnectionAge, maxConnectionAgeGrace, shutdownGrace,
        new ServerSettings.TuningSettings(!noTuning, tuningInterval, ollamaUrl, model,
            checkAdvisor(spec), stateDir),
        adminToken, redisCluster);
  }

  /** Checks the advisor flags together and returns the timeout. */
  private Duration checkAdvisor(CommandLine.Model.CommandSpec spec) {
    if (advisorTimeout.isNegative() || advisorTimeout.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "invalid --advisor-timeout '"
          + advisorTimeout + "': use a positive duration such as 5s");
    }
    if (!FallbackAdvisor.isModelOff(ollamaUrl)) {
      try {
        new OllamaEndpoint(ollamaUrl.trim(), model, advisorTimeout);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "invalid --ollama-url or --model: " + e.getMessage());
      }
    }
    return advisorTimeout;
  }

  private FailurePolicy parsePolicy(CommandLine.Model.CommandSpec spec) {
    try {
      return FailurePolicy.valueOf(onStoreFailure.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "invalid --on-store-failure '" + onStoreFailure + "': use error, allow, deny or local");
    }
  }

  private static boolean parseOnOff(CommandLine.Model.CommandSpec spec, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "on", "true" -> true;
      case "off", "false" -> false;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "invalid --response-headers '" + value + "': use on or off");
    };
  }
}
