package dev.ratewise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.limit.Code;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.LimitRequest;
import dev.ratewise.limit.LimitResponse;
import dev.ratewise.limit.Limiter;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.testing.CommandStats;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the real {@link Limiter} over the Redis store and counts what reaches Redis with
 * {@code INFO commandstats}: one EVALSHA a request, none for keys already known to be over, and
 * a TTL of one window on every key.
 */
class RedisLimiterTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static final String CONFIG = String.join("\n",
      "domain: cost",
      "descriptors:",
      "  - key: user",
      "    rate_limit: {unit: minute, requests_per_unit: 2}",
      "  - key: per_day",
      "    rate_limit: {unit: day, requests_per_unit: 100}",
      "  - key: per_minute",
      "    rate_limit: {unit: minute, requests_per_unit: 100}",
      "  - key: per_hour",
      "    rate_limit: {unit: hour, requests_per_unit: 100}",
      "");

  private static RedisCounterStore store;
  private static RedisClient inspector;
  private static StatefulRedisConnection<String, String> connection;
  private static RedisCommands<String, String> commands;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:10Z"));

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

  @BeforeEach
  void flush() {
    commands.flushall();
  }

  private Limiter limiter(int jitterSeconds) throws Exception {
    return TestLimiters.build(CONFIG, store, new LocalCounterStore(clock),
        TestLimiters.settings(Duration.ofSeconds(1), FailurePolicy.ERROR, jitterSeconds),
        new DegradedMode(FailurePolicy.ERROR), clock);
  }

  private static LimitRequest users(int count) {
    List<Descriptor> descriptors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      descriptors.add(Descriptor.of("user", "u" + i));
    }
    return new LimitRequest("cost", descriptors, 0);
  }

  private static LimitResponse check(Limiter limiter, LimitRequest request) throws Exception {
    return limiter.check(request).get(5, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 10})
  void requestOfNDescriptors_costsOneEvalsha(int descriptors) throws Exception {
    Limiter limiter = limiter(0);
    long before = CommandStats.calls(commands, "evalsha");

    LimitResponse response = check(limiter, users(descriptors));

    assertEquals(1, CommandStats.calls(commands, "evalsha") - before);
    assertEquals(Code.OK, response.overallCode());
    assertEquals(descriptors, commands.keys("rw:*").size(), "one counter a descriptor");
  }

  @Test
  void keysKnownOverLimit_costNoEvalsha() throws Exception {
    Limiter limiter = limiter(0);
    check(limiter, users(3));
    check(limiter, users(3));
    LimitResponse third = check(limiter, users(3));
    long before = CommandStats.calls(commands, "evalsha");

    LimitResponse fourth = check(limiter, users(3));

    assertEquals(Code.OVER_LIMIT, third.overallCode(), "third request passes the limit of 2");
    assertEquals(0, CommandStats.calls(commands, "evalsha") - before);
    assertEquals(Code.OVER_LIMIT, fourth.overallCode());
    assertTrue(fourth.statuses().stream().allMatch(status -> status.fromCache()),
        "every status comes from the over-limit cache");
  }

  @Test
  void everyKey_getsTtlOfOneWindow() throws Exception {
    Limiter limiter = limiter(0);
    LimitRequest request = new LimitRequest("cost", List.of(Descriptor.of("per_day", "a"),
        Descriptor.of("per_minute", "a"), Descriptor.of("per_hour", "a")), 0);

    check(limiter, request);
    check(limiter, request);

    List<String> keys = commands.keys("rw:*");
    assertEquals(3, keys.size());
    for (String key : keys) {
      long unitSeconds = key.contains("|60@") ? 60 : key.contains("|3600@") ? 3600 : 86_400;
      long ttlMillis = commands.pttl(key);
      long lowest = (unitSeconds - 2) * 1000;
      assertTrue(ttlMillis > lowest,
          "key " + key + " has PTTL " + ttlMillis + " ms for a " + unitSeconds + " s window");
      assertTrue(ttlMillis <= unitSeconds * 1000,
          "key " + key + " has PTTL " + ttlMillis + " ms for a " + unitSeconds + " s window");
    }
  }

  @Test
  void ttlJitter_addsUpToJitterSeconds() throws Exception {
    int jitter = 30;
    Limiter limiter = limiter(jitter);

    check(limiter, users(20));

    Set<Long> ttls = new HashSet<>();
    for (String key : commands.keys("rw:*")) {
      long ttl = commands.ttl(key);
      ttls.add(ttl);
      assertTrue(ttl > 55, "key " + key + " has TTL " + ttl + " s");
      assertTrue(ttl <= 60 + jitter, "key " + key + " has TTL " + ttl + " s");
    }
    assertEquals(20, commands.keys("rw:*").size());
    assertTrue(ttls.size() > 1, "jitter spreads the TTLs, got " + ttls);
  }
}
