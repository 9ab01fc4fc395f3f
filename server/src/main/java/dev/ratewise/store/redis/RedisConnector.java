package dev.ratewise.store.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens the Lettuce connection of the counter store: one server (directly or through Sentinel)
 * or a cluster. Commands fail at once while disconnected, and the connection reconnects on its
 * own with a backoff capped at {@link #MAX_RECONNECT_DELAY}.
 */
final class RedisConnector {
  /** Timeout of commands other than EVALSHA, such as SCRIPT LOAD and PING. */
  static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(2);
  /** First reconnect delay; each failed attempt doubles it. */
  static final Duration MIN_RECONNECT_DELAY = Duration.ofMillis(10);
  /** Maximum delay between reconnect attempts, so a recovered Redis is used again within 1 s. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);
  /** How often a cluster connection reloads the slot map, besides MOVED and ASK replies. */
  static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

  /** An open connection and how to release it with its client and threads. */
  record Opened(RedisClusterAsyncCommands<String, String> commands, Runnable closer) {}

  private RedisConnector() {}

  /**
   * Connects, blocking until the connection is up or the URI's connect timeout passes.
   *
   * @param commandTimeout the timeout of EVALSHA
   * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
   */
  static Opened connect(RedisURI uri, boolean cluster, Duration commandTimeout) {
    ClientResources resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(MIN_RECONNECT_DELAY, MAX_RECONNECT_DELAY, 2,
            TimeUnit.MILLISECONDS))
        .build();
    try {
      return cluster
          ? connectCluster(resources, uri, commandTimeout)
          : connectServer(resources, uri, commandTimeout);
    } catch (RuntimeException e) {
      resources.shutdown(0, ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  private static Opened connectServer(ClientResources resources, RedisURI uri,
      Duration commandTimeout) {
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(timeouts(commandTimeout))
        .build());
    StatefulRedisConnection<String, String> connection;
    try {
      connection = client.connect(StringCodec.UTF8);
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, ADMIN_TIMEOUT);
      throw e;
    }
    return new Opened(connection.async(), () -> close(connection, client, resources));
  }

  private static Opened connectCluster(ClientResources resources, RedisURI uri,
      Duration commandTimeout) {
    RedisClusterClient client = RedisClusterClient.create(resources, uri);
    client.setOptions(ClusterClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(timeouts(commandTimeout))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build());
    StatefulRedisClusterConnection<String, String> connection;
    try {
      connection = client.connect(StringCodec.UTF8);
    } catch (RuntimeException e) {
      client.shutdown(Duration.ZERO, ADMIN_TIMEOUT);
      throw e;
    }
    return new Opened(connection.async(), () -> close(connection, client, resources));
  }

  /** Closes a connection, then its client, then the shared client resources. */
  private static void close(StatefulConnection<?, ?> connection, AbstractRedisClient client,
      ClientResources resources) {
    connection.close();
    client.shutdown(Duration.ZERO, ADMIN_TIMEOUT);
    resources.shutdown(0, ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static TimeoutOptions timeouts(Duration commandTimeout) {
    return TimeoutOptions.builder()
        .timeoutCommands(true)
        .timeoutSource(new CommandTimeouts(commandTimeout.toNanos(), ADMIN_TIMEOUT.toNanos()))
        .build();
  }

  /**
   * Gives EVALSHA the store timeout, so Lettuce drops a command at about the time the limiter
   * stops waiting for it. Other commands get {@link #ADMIN_TIMEOUT}: SCRIPT LOAD may be slow,
   * and PING checks that Redis is reachable, not that it is fast.
   */
  private static final class CommandTimeouts extends TimeoutOptions.TimeoutSource {
    private final long requestNanos;
    private final long adminNanos;

    CommandTimeouts(long requestNanos, long adminNanos) {
      this.requestNanos = requestNanos;
      this.adminNanos = adminNanos;
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
      ProtocolKeyword type = command.getType();
      return type == CommandType.EVALSHA ? requestNanos : adminNanos;
    }

    @Override
    public TimeUnit getTimeUnit() {
      return TimeUnit.NANOSECONDS;
    }
  }
}
