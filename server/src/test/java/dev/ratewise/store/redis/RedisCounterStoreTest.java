package dev.ratewise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.CounterStoreContract;
import dev.ratewise.testing.CommandStats;
import dev.ratewise.testing.RedisServer;
import dev.ratewise.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the counter store contract, and Redis-specific cases, against a real redis-server. */
class RedisCounterStoreTest extends CounterStoreContract {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static RedisCounterStore store;
  private static RedisClient inspector;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> commands;

  @BeforeAll
  static void open() {
    store = RedisCounterStore.open(redis.server().url(), false, Duration.ofSeconds(1));
    inspector = RedisClient.create(redis.server().url());
    connection = inspector.connect();
    commands = connection.sync();
  }

  @AfterAll
  static void close() {
    store.close();
    connection.close();
    inspector.shutdown();
  }

  @Override
  protected CounterStore store() {
    return store;
  }

  @Override
  protected OptionalLong ttlSeconds(String key) {
    long ttl = commands.ttl(key);
    return ttl < 0 ? OptionalLong.empty() : OptionalLong.of(ttl);
  }

  @Test
  void increment_storesTotalInRedis() throws Exception {
    String key = key("visible");

    increment(new CounterIncrement(key, 7, 60));

    assertEquals("7", commands.get(key));
  }

  @Test
  void scriptFlushed_reloadsAndRetriesOnce() throws Exception {
    String key = key("noscript");
    increment(new CounterIncrement(key, 1, 60));
    commands.scriptFlush();
    long evalshaBefore = CommandStats.calls(commands, "evalsha");
    long loadsBefore = CommandStats.calls(commands, "script|load");

    long total = increment(new CounterIncrement(key, 1, 60))[0];

    assertEquals(2, total);
    assertEquals(2, CommandStats.calls(commands, "evalsha") - evalshaBefore,
        "the failed EVALSHA and its retry");
    assertEquals(1, CommandStats.calls(commands, "script|load") - loadsBefore);
  }

  @Test
  void keyOfAnotherType_failsWithCommandError() {
    String key = key("list");
    commands.lpush(key, "not a counter");

    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> store.increment(List.of(new CounterIncrement(key, 1, 60)))
            .get(5, TimeUnit.SECONDS));

    RedisStoreException cause = assertInstanceOf(RedisStoreException.class, failure.getCause());
    assertEquals(RedisStoreException.Kind.COMMAND, cause.kind());
  }

  @Test
  void negativeHits_rejectedNamingField() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> store.increment(List.of(new CounterIncrement(key("negative"), -1, 60))));

    assertTrue(failure.getMessage().startsWith("hits must not be negative"));
  }

  @Test
  void zeroTtl_rejectedNamingField() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> store.increment(List.of(new CounterIncrement(key("zero-ttl"), 1, 0))));

    assertTrue(failure.getMessage().startsWith("ttlSeconds must be at least 1"));
  }

  @Test
  void describe_returnsUrl() {
    assertEquals(redis.server().url(), store.describe());
  }

  @Test
  void unreachableRedis_failsToOpenWithConnectionError() throws Exception {
    String url = "redis://127.0.0.1:" + RedisServer.freePort()
        + "?timeout=2s";

    RedisStoreException failure = assertThrows(RedisStoreException.class,
        () -> RedisCounterStore.open(url, false, Duration.ofMillis(15)));

    assertEquals(RedisStoreException.Kind.CONNECTION, failure.kind());
  }
}
