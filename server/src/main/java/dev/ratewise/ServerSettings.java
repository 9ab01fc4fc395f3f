package dev.ratewise;

import dev.ratewise.limit.LimiterSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the command line sets, after parsing. Tests build it directly.
 *
 * @param configPath a YAML file or directory; null serves the bundled example
 * @param grpcPort the gRPC port; 0 picks a free one
 * @param httpPort the HTTP port; 0 picks a free one
 * @param bindAddress the address both servers listen on
 * @param redisUrl a Lettuce URI; null uses the in-process store
 * @param limiter how the limiter counts and degrades
 * @param responseHeaders whether ShouldRateLimit responses carry RateLimit headers
 * @param configPollInterval how often the config files are checked for changes
 * @param maxInboundMessageBytes the largest gRPC message accepted
 * @param keepAlivePermit the shortest client ping interval accepted
 * @param maxConnectionAge how long a connection lives before the server asks the client to
 *     reconnect, so long-lived Envoy connections rebalance across replicas
 * @param maxConnectionAgeGrace how long in-flight calls may finish after that
 * @param shutdownGrace how long shutdown waits for in-flight calls
 * @param tuning the decision loop's settings
 * @param adminToken the bearer token for admin changes; null allows only loopback callers
 * @param redisCluster whether {@code redisUrl} names a node of a Redis Cluster
 */
public record ServerSettings(
    Path configPath,
    int grpcPort,
    int httpPort,
    String bindAddress,
    String redisUrl,
    LimiterSettings limiter,
    boolean responseHeaders,
    Duration configPollInterval,
    int maxInboundMessageBytes,
    Duration keepAlivePermit,
    Duration maxConnectionAge,
    Duration maxConnectionAgeGrace,
    Duration shutdownGrace,
    TuningSettings tuning,
    String adminToken,
    boolean redisCluster) {

  /**
   * The decision loop's process settings; the loop's policy lives in the config's tuning section.
   *
   * @param enabled whether the loop runs; false keeps the configured limits
   * @param interval the time between cycles; null takes the config's tuning.interval
   * @param ollamaUrl the Ollama base URL; empty, off or none runs the heuristic alone
   * @param model the Ollama model name
   * @param advisorTimeout how long one model call may take
   * @param stateDir the folder of the SQLite audit database
   */
  public record TuningSettings(
      boolean enabled,
      Duration interval,
      String ollamaUrl,
      String model,
      Duration advisorTimeout,
      Path stateDir) {}

  /** Creates settings with Redis Cluster mode off, for callers written before that flag. */
  public ServerSettings(Path configPath, int grpcPort, int httpPort, String bindAddress,
      String redisUrl, LimiterSettings limiter, boolean responseHeaders,
      Duration configPollInterval, int maxInboundMessageBytes, Duration keepAlivePermit,
      Duration maxConnectionAge, Duration maxConnectionAgeGrace, Duration shutdownGrace,
      TuningSettings tuning, String adminToken) {
    this(configPath, grpcPort, httpPort, bindAddress, redisUrl, limiter, responseHeaders,
        configPollInterval, maxInboundMessageBytes, keepAlivePermit, maxConnectionAge,
        maxConnectionAgeGrace, shutdownGrace, tuning, adminToken, false);
  }

  /** Returns settings for tests: free ports on loopback, the in-process store, tuning off. */
  public static ServerSettings forTests(Path configPath, Path stateDir) {
    return new ServerSettings(configPath, 0, 0, "127.0.0.1", null, LimiterSettings.defaults(),
        false, Duration.ofMillis(200), 8 * 1024 * 1024, Duration.ofSeconds(30),
        Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2),
        new TuningSettings(false, null, "http://127.0.0.1:1", "llama3.2", Duration.ofSeconds(2),
            stateDir),
        null, false);
  }

  /** Returns a copy with another Redis URL. */
  public ServerSettings withRedisUrl(String url) {
    return new ServerSettings(configPath, grpcPort, httpPort, bindAddress, url, limiter,
        responseHeaders, configPollInterval, maxInboundMessageBytes, keepAlivePermit,
        maxConnectionAge, maxConnectionAgeGrace, shutdownGrace, tuning, adminToken, redisCluster);
  }

  /** Returns a copy with other limiter settings. */
  public ServerSettings withLimiter(LimiterSettings settings) {
    return new ServerSettings(configPath, grpcPort, httpPort, bindAddress, redisUrl, settings,
        responseHeaders, configPollInterval, maxInboundMessageBytes, keepAlivePermit,
        maxConnectionAge, maxConnectionAgeGrace, shutdownGrace, tuning, adminToken, redisCluster);
  }

  /** Returns a copy with other tuning settings. */
  public ServerSettings withTuning(TuningSettings settings) {
    return new ServerSettings(configPath, grpcPort, httpPort, bindAddress, redisUrl, limiter,
        responseHeaders, configPollInterval, maxInboundMessageBytes, keepAlivePermit,
        maxConnectionAge, maxConnectionAgeGrace, shutdownGrace, settings, adminToken,
        redisCluster);
  }

  /** Returns a copy with another admin token; null allows only loopback callers. */
  public ServerSettings withAdminToken(String token) {
    return new ServerSettings(configPath, grpcPort, httpPort, bindAddress, redisUrl, limiter,
        responseHeaders, configPollInterval, maxInboundMessageBytes, keepAlivePermit,
        maxConnectionAge, maxConnectionAgeGrace, shutdownGrace, tuning, token, redisCluster);
  }

  /** Returns a copy with response headers on or off. */
  public ServerSettings withResponseHeaders(boolean enabled) {
    return new ServerSettings(configPath, grpcPort, httpPort, bindAddress, redisUrl, limiter,
        enabled, configPollInterval, maxInboundMessageBytes, keepAlivePermit, maxConnectionAge,
        maxConnectionAgeGrace, shutdownGrace, tuning, adminToken, redisCluster);
  }

  /** Returns a copy with Redis Cluster mode on or off. */
  public ServerSettings withRedisCluster(boolean enabled) {
    return new ServerSettings(configPath, grpcPort, httpPort, bindAddress, redisUrl, limiter,
        responseHeaders, configPollInterval, maxInboundMessageBytes, keepAlivePermit,
        maxConnectionAge, maxConnectionAgeGrace, shutdownGrace, tuning, adminToken, enabled);
  }
}
