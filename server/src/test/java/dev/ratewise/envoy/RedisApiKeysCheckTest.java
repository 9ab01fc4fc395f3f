package dev.ratewise.envoy;

import static dev.ratewise.envoy.AuthorizationGrpcServiceTest.responseHeader;
import static dev.ratewise.envoy.AuthorizationGrpcServiceTest.upstream;
import static dev.ratewise.testing.EnvoyCheckRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.config.RatewiseConfig;
import dev.ratewise.identity.RedisKeyDirectory;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.testing.EnvoyCheckRequests;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.testing.RedisServer;
import dev.ratewise.testing.RedisServerExtension;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Check with API keys in a Redis hash, against a real redis-server on a free port. The
 * directory has its own Lettuce connection because the Redis counter store is not part of this
 * build yet; counters stay in process.
 */
class RedisApiKeysCheckTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  private static final String HASH = "ratewise:api_keys";
  private static final Duration CACHE_TTL = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00.250Z"));
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> commands;
  private RedisKeyDirectory directory;
  private CheckHarness harness;

  @BeforeEach
  void connect() {
    client = RedisClient.create(redis.server().url());
    connection = client.connect();
    commands = connection.sync();
    commands.flushall();
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
    if (directory != null) {
      directory.close();
    }
    connection.close();
    client.shutdown();
  }

  private CheckResponse check(EnvoyCheckRequests request) throws Exception {
    return check(Configs.bundled(), redis.server(), Duration.ofMillis(500), request);
  }

  private CheckResponse check(RatewiseConfig config, RedisServer server, Duration lookupTimeout,
      EnvoyCheckRequests request) throws Exception {
    if (harness == null) {
      directory = new RedisKeyDirectory(server.url(),
          () -> harness.limits.current().config().identity().redisHash(), lookupTimeout,
          CACHE_TTL, clock);
      harness = new CheckHarness(config, null, LimiterSettings.defaults(), directory, clock);
    }
    return harness.stub.check(request.build());
  }

  @Test
  void redisKey_identifiesTenantAndTier() throws Exception {
    commands.hset(HASH, "pro-umbrella-key", "umbrella:professional");
    EnvoyCheckRequests request = request().apiKey("pro-umbrella-key");

    CheckResponse response = check(request);

    Map<String, List<String>> upstream = upstream(request, response);
    assertEquals(List.of("umbrella"), upstream.get("x-ratewise-tenant"));
    assertEquals(List.of("professional"), upstream.get("x-ratewise-tier"));
    assertEquals("8", responseHeader(response, "RateLimit-Limit"));
  }

  @Test
  void tenantWithColon_splitAtLastColon() throws Exception {
    commands.hset(HASH, "ent-odd-key", "eu:west:acme:enterprise");
    EnvoyCheckRequests request = request().apiKey("ent-odd-key");

    CheckResponse response = check(request);

    assertEquals(List.of("eu:west:acme"), upstream(request, response).get("x-ratewise-tenant"));
  }

  @Test
  void configKey_winsOverRedisKey() throws Exception {
    commands.hset(HASH, "ent-acme-key", "mallory:free");
    EnvoyCheckRequests request = request().apiKey("ent-acme-key");

    CheckResponse response = check(request);

    assertEquals(List.of("acme"), upstream(request, response).get("x-ratewise-tenant"));
    assertEquals(List.of("enterprise"), upstream(request, response).get("x-ratewise-tier"));
  }

  @Test
  void redisKeyWithUnservedTier_forbidden() throws Exception {
    commands.hset(HASH, "plat-key", "initrode:platinum");

    CheckResponse response = check(request().apiKey("plat-key"));

    assertEquals(Status.Code.PERMISSION_DENIED.value(), response.getStatus().getCode());
    assertEquals(403, response.getDeniedResponse().getStatus().getCodeValue());
    assertEquals("forbidden",
        JSON.readTree(response.getDeniedResponse().getBody()).get("error").asText());
  }

  @Test
  void invalidRedisValue_treatedAsUnknownKey() throws Exception {
    commands.hset(HASH, "broken-key", "no-tier-here");
    EnvoyCheckRequests request = request().apiKey("broken-key");

    CheckResponse response = check(request);

    assertNull(upstream(request, response).get("x-ratewise-tenant"));
    assertEquals(List.of("free"), upstream(request, response).get("x-ratewise-tier"));
  }

  @Test
  void configuredHashName_isTheOneRead() throws Exception {
    RatewiseConfig config = Configs.bundledWith("anonymous: anonymous",
        "anonymous: anonymous\n  redis_hash: keys:custom");
    commands.hset("keys:custom", "custom-key", "stark:enterprise");
    commands.hset(HASH, "default-hash-key", "wayne:enterprise");
    EnvoyCheckRequests custom = request().apiKey("custom-key");
    EnvoyCheckRequests fromDefault = request().apiKey("default-hash-key");

    CheckResponse customResponse = check(config, redis.server(), Duration.ofMillis(500), custom);
    CheckResponse defaultResponse =
        check(config, redis.server(), Duration.ofMillis(500), fromDefault);

    assertEquals(List.of("stark"), upstream(custom, customResponse).get("x-ratewise-tenant"));
    assertNull(upstream(fromDefault, defaultResponse).get("x-ratewise-tenant"));
  }

  @Test
  void removedKey_keptUntilCacheExpires() throws Exception {
    commands.hset(HASH, "temp-key", "hooli:professional");
    EnvoyCheckRequests request = request().apiKey("temp-key");
    check(request);
    commands.hdel(HASH, "temp-key");

    CheckResponse cached = check(request);
    clock.advance(CACHE_TTL);
    CheckResponse expired = check(request);

    assertEquals(List.of("hooli"), upstream(request, cached).get("x-ratewise-tenant"));
    assertNull(upstream(request, expired).get("x-ratewise-tenant"));
  }

  @Test
  void addedKey_usableOnceUnknownAnswerExpires() throws Exception {
    EnvoyCheckRequests request = request().apiKey("late-key");
    check(request);
    commands.hset(HASH, "late-key", "pied-piper:enterprise");

    CheckResponse cached = check(request);
    clock.advance(CACHE_TTL);
    CheckResponse fresh = check(request);

    assertNull(upstream(request, cached).get("x-ratewise-tenant"));
    assertEquals(List.of("pied-piper"), upstream(request, fresh).get("x-ratewise-tenant"));
  }

  @Test
  void redisDown_usesCacheOrUnknown() throws Exception {
    try (RedisServer own = RedisServer.start();
        RedisClient ownClient = RedisClient.create(own.url())) {
      ownClient.connect().sync().hset(HASH, "known-key", "initech:professional");
      EnvoyCheckRequests known = request().apiKey("known-key");
      EnvoyCheckRequests other = request().apiKey("other-key");
      check(Configs.bundled(), own, Duration.ofMillis(200), known);
      clock.advance(CACHE_TTL);
      own.stop();

      CheckResponse stale = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> check(Configs.bundled(), own, Duration.ofMillis(200), known));
      CheckResponse unknown = assertTimeoutPreemptively(Duration.ofSeconds(5),
          () -> check(Configs.bundled(), own, Duration.ofMillis(200), other));

      assertEquals(List.of("initech"), upstream(known, stale).get("x-ratewise-tenant"));
      assertNull(upstream(other, unknown).get("x-ratewise-tenant"));
      assertEquals(List.of("free"), upstream(other, unknown).get("x-ratewise-tier"));
      assertTrue(directory.isFailing());
    }
  }

  @Test
  void redisBack_newKeysFoundAgain() throws Exception {
    try (RedisServer own = RedisServer.start()) {
      EnvoyCheckRequests request = request().apiKey("after-restart-key");
      check(Configs.bundled(), own, Duration.ofMillis(200), request().apiKey("warm-up"));
      own.stop();
      check(Configs.bundled(), own, Duration.ofMillis(200), request);
      own.launch();
      try (RedisClient ownClient = RedisClient.create(own.url())) {
        ownClient.connect().sync().hset(HASH, "after-restart-key", "globex:enterprise");
      }

      // Lettuce reconnects on its own schedule, so wait for it with a deadline.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      List<String> tenant = null;
      while (System.nanoTime() < deadline) {
        clock.advance(CACHE_TTL);
        tenant = upstream(request, check(Configs.bundled(), own, Duration.ofMillis(200), request))
            .get("x-ratewise-tenant");
        if (tenant != null) {
          break;
        }
        Thread.onSpinWait();
      }

      assertEquals(List.of("globex"), tenant);
    }
  }

  /**
   * Regression: a key lookup that outlives Envoy's deadline must neither respond to the cancelled
   * call nor use up the caller's quota.
   */
  @Test
  void lookupAfterDeadline_droppedWithoutCounting() throws Exception {
    commands.hset(HASH, "slow-key", "umbrella:free");
    check(Configs.bundled(), redis.server(), Duration.ofSeconds(5), request().apiKey("warm-up"));
    harness.checksFinished = new CountDownLatch(1);
    int sentBefore = harness.responsesSent.get();
    commands.clientPause(1_000);

    StatusRuntimeException error = assertThrows(StatusRuntimeException.class, () ->
        harness.stub.withDeadlineAfter(200, TimeUnit.MILLISECONDS)
            .check(request().apiKey("slow-key").build()));
    boolean finished = harness.checksFinished.await(10, TimeUnit.SECONDS);
    CheckResponse next = harness.stub.check(request().apiKey("slow-key").build());

    assertEquals(Status.Code.DEADLINE_EXCEEDED, error.getStatus().getCode());
    assertTrue(finished, "the late lookup never completed");
    assertEquals(sentBefore + 1, harness.responsesSent.get(), "only the next call is answered");
    assertEquals("2", responseHeader(next, "RateLimit-Remaining"),
        "the dropped call must not count against free tier's 3 per second");
  }
}
