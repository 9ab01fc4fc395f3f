package dev.ratewise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.limit.Code;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.LimitRequest;
import dev.ratewise.limit.LimitResponse;
import dev.ratewise.limit.Limiter;
import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.StoreUnavailableException;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.testing.Await;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills the real redis-server under a running limiter, checks that each failure policy returns
 * its decision within the store timeout, and launches Redis again on the same port to check
 * recovery.
 */
class RedisFailureTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static final Duration STORE_TIMEOUT = Duration.ofMillis(15);
  /**
   * Scheduling slack on top of the store timeout, in milliseconds. The test machine is shared
   * and can be loaded well past its core count; a hung call would still take seconds.
   */
  private static final long SLACK_MILLIS = 250;
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(10);

  private static final String CONFIG = String.join("\n",
      "domain: failure",
      "descriptors:",
      "  - key: user",
      "    rate_limit: {unit: minute, requests_per_unit: 2}",
      "  - key: bulk",
      "    rate_limit: {unit: minute, requests_per_unit: 1000}",
      "");
  private static final LimitRequest USER = new LimitRequest("failure",
      List.of(Descriptor.of("user", "alice")), 0);
  private static final LimitRequest BULK = new LimitRequest("failure",
      List.of(Descriptor.of("bulk", "all")), 0);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:10Z"));
  private RedisCounterStore store;

  @BeforeEach
  void open() throws Exception {
    if (!redis.server().isRunning()) {
      redis.server().launch();
    }
    store = RedisCounterStore.open(redis.server().url(), false, STORE_TIMEOUT);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Limiter limiter(FailurePolicy policy, DegradedMode degraded) throws Exception {
    return limiter(policy, degraded, STORE_TIMEOUT);
  }

  private Limiter limiter(FailurePolicy policy, DegradedMode degraded, Duration storeTimeout)
      throws Exception {
    return TestLimiters.build(CONFIG, store, new LocalCounterStore(clock),
        TestLimiters.settings(storeTimeout, policy, 0), degraded, clock);
  }

  @Test
  void errorPolicy_failsWithinStoreTimeout() throws Exception {
    Limiter limiter = limiter(FailurePolicy.ERROR, new DegradedMode(FailurePolicy.ERROR));
    store.ping().get(5, TimeUnit.SECONDS);

    redis.server().stop();

    for (int attempt = 0; attempt < 5; attempt++) {
      long started = System.nanoTime();
      CompletableFuture<LimitResponse> answer = limiter.check(BULK);
      ExecutionException failure = assertThrows(ExecutionException.class,
          () -> answer.get(5, TimeUnit.SECONDS));
      long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertInstanceOf(StoreUnavailableException.class, failure.getCause());
      assertTrue(elapsedMillis < STORE_TIMEOUT.toMillis() + SLACK_MILLIS,
          "attempt " + attempt + " took " + elapsedMillis + " ms");
    }
  }

  @ParameterizedTest
  @CsvSource({"ALLOW, OK", "DENY, OVER_LIMIT"})
  void fixedPolicy_answersAsConfigured(FailurePolicy policy, Code expected) throws Exception {
    Limiter limiter = limiter(policy, new DegradedMode(policy));

    redis.server().stop();
    LimitResponse first = limiter.check(USER).get(5, TimeUnit.SECONDS);
    LimitResponse second = limiter.check(USER).get(5, TimeUnit.SECONDS);
    LimitResponse third = limiter.check(USER).get(5, TimeUnit.SECONDS);

    assertEquals(expected, first.overallCode());
    assertEquals(expected, second.overallCode());
    assertEquals(expected, third.overallCode(), "no counting happens under " + policy);
  }

  @Test
  void localPolicy_countsInProcess() throws Exception {
    Limiter limiter = limiter(FailurePolicy.LOCAL, new DegradedMode(FailurePolicy.LOCAL));

    redis.server().stop();
    LimitResponse first = limiter.check(USER).get(5, TimeUnit.SECONDS);
    LimitResponse second = limiter.check(USER).get(5, TimeUnit.SECONDS);
    LimitResponse third = limiter.check(USER).get(5, TimeUnit.SECONDS);

    assertEquals(Code.OK, first.overallCode());
    assertEquals(Code.OK, second.overallCode());
    assertEquals(Code.OVER_LIMIT, third.overallCode(), "the local count passes the limit of 2");
  }

  @Test
  void disconnectedStore_rejectsWithoutWaitingForTimeout() throws Exception {
    store.close();
    store = RedisCounterStore.open(redis.server().url(), false, Duration.ofSeconds(2));
    redis.server().stop();
    Await.until(Duration.ofSeconds(5), "the store notices the lost connection",
        () -> store.ping().handle((pong, error) -> error != null).join());

    long started = System.nanoTime();
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> store.increment(List.of(new CounterIncrement("rw:test:rejected", 1, 60)))
            .get(5, TimeUnit.SECONDS));
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    RedisStoreException cause = assertInstanceOf(RedisStoreException.class, failure.getCause());
    assertEquals(RedisStoreException.Kind.CONNECTION, cause.kind());
    assertTrue(elapsedMillis < SLACK_MILLIS, "rejected after " + elapsedMillis
        + " ms, long before the 2 s command timeout");
  }

  /**
   * Uses a 1 s store timeout: with 15 ms, a loaded machine times out requests whose EVALSHA
   * still runs, and the Redis count would no longer match the successful requests.
   */
  @Test
  void redisBack_leavesDegradedModeOnceAndCountsAgain() throws Exception {
    store.close();
    store = RedisCounterStore.open(redis.server().url(), false, Duration.ofSeconds(1));
    DegradedMode degraded = new DegradedMode(FailurePolicy.LOCAL);
    Limiter limiter = limiter(FailurePolicy.LOCAL, degraded, Duration.ofSeconds(1));
    limiter.check(BULK).get(5, TimeUnit.SECONDS);

    redis.server().stop();
    for (int i = 0; i < 3; i++) {
      limiter.check(BULK).get(5, TimeUnit.SECONDS);
    }
    boolean degradedWhileDown = degraded.isDegraded();
    redis.server().launch();
    Await.until(RECOVERY_TIMEOUT, "the limiter counts in Redis again", () -> {
      limiter.check(BULK).join();
      return !degraded.isDegraded();
    });
    String countAfterRecovery = redisGet();
    limiter.check(BULK).get(5, TimeUnit.SECONDS);
    String countAfterNextRequest = redisGet();

    assertTrue(degradedWhileDown, "degraded while Redis is down");
    assertEquals(1, degraded.timesEntered());
    assertEquals(1, degraded.timesLeft());
    assertFalse(degraded.isDegraded());
    assertEquals("1", countAfterRecovery, "the restarted Redis counts from the first success");
    assertEquals("2", countAfterNextRequest);
  }

  /** Reads the only counter in Redis through a separate connection. */
  private static String redisGet() {
    RedisClient client = RedisClient.create(redis.server().url());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      List<String> keys = connection.sync().keys("rw:*");
      assertEquals(1, keys.size(), "counters in Redis: " + keys);
      return connection.sync().get(keys.get(0));
    } finally {
      client.shutdown();
    }
  }
}
