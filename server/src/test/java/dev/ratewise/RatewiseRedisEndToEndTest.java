package dev.ratewise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.testing.Await;
import dev.ratewise.testing.RedisServerExtension;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts ratewise on a real Netty port with the Redis store and sends ShouldRateLimit as
 * Envoy's ratelimit filter builds it. Envoy itself cannot run here, so a grpc-java client with
 * Envoy's own generated stub plays its part.
 */
class RatewiseRedisEndToEndTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  /** The enterprise tenant limit in the bundled example config, per second. */
  private static final int ENTERPRISE_LIMIT = 15;
  private static final int ATTEMPTS = 3;
  /**
   * The store timeout of this test. The default 15 ms is too short for a cold JVM on a busy
   * shared test machine, and this test checks counting, not latency.
   * {@code RedisFailureTest} checks the 15 ms bound.
   */
  private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);

  @TempDir
  Path stateDir;

  private static RateLimitRequest enterpriseAcme() {
    return RateLimitRequest.newBuilder()
        .setDomain("ratewise")
        .addDescriptors(RateLimitDescriptor.newBuilder()
            .addEntries(RateLimitDescriptor.Entry.newBuilder()
                .setKey("tier").setValue("enterprise"))
            .addEntries(RateLimitDescriptor.Entry.newBuilder()
                .setKey("tenant").setValue("acme")))
        .build();
  }

  @Test
  void sixteenthRequestInOneSecond_isOverLimit() throws Exception {
    ServerSettings settings = ServerSettings.forTests(null, stateDir)
        .withRedisUrl(redis.server().url())
        .withLimiter(new LimiterSettings(STORE_TIMEOUT, FailurePolicy.ERROR, 0.8, false, 0));
    RedisClient inspector = RedisClient.create(redis.server().url());
    try (Ratewise ratewise = Ratewise.start(settings, Clock.systemUTC());
        StatefulRedisConnection<String, String> connection = inspector.connect()) {
      ManagedChannel channel = NettyChannelBuilder
          .forAddress("127.0.0.1", ratewise.grpcPort())
          .usePlaintext()
          .build();
      try {
        RateLimitServiceGrpc.RateLimitServiceBlockingStub stub =
            RateLimitServiceGrpc.newBlockingStub(channel);
        Burst burst = burstWithinOneSecond(stub, connection.sync());

        for (int i = 0; i < ENTERPRISE_LIMIT; i++) {
          assertEquals(RateLimitResponse.Code.OK, burst.codes.get(i), "request " + (i + 1));
        }
        assertEquals(RateLimitResponse.Code.OVER_LIMIT, burst.codes.get(ENTERPRISE_LIMIT),
            "request " + (ENTERPRISE_LIMIT + 1));
        assertEquals(1, burst.redisKeys.size(), "one counter in Redis: " + burst.redisKeys);
        assertTrue(burst.redisKeys.get(0).contains("tenant=v4:acme"),
            "counter key " + burst.redisKeys.get(0));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      inspector.shutdown();
    }
  }

  private record Burst(List<RateLimitResponse.Code> codes, List<String> redisKeys) {}

  /**
   * Sends the limit plus one requests, starting right after a second boundary. When the next
   * boundary still fell inside the burst, which splits the count over two windows, it starts
   * over in a later window with empty Redis.
   */
  private static Burst burstWithinOneSecond(RateLimitServiceGrpc.RateLimitServiceBlockingStub stub,
      RedisCommands<String, String> redisCommands) {
    for (int attempt = 1; ; attempt++) {
      redisCommands.flushall();
      long previousSecond = Instant.now().getEpochSecond();
      Await.until(Duration.ofSeconds(2), "the next second starts",
          () -> Instant.now().getEpochSecond() > previousSecond);
      long firstSecond = Instant.now().getEpochSecond();
      List<RateLimitResponse.Code> codes = new ArrayList<>();
      for (int i = 0; i <= ENTERPRISE_LIMIT; i++) {
        codes.add(stub.withDeadlineAfter(5, TimeUnit.SECONDS)
            .shouldRateLimit(enterpriseAcme()).getOverallCode());
      }
      List<String> keys = redisCommands.keys("rw:*");
      if (Instant.now().getEpochSecond() == firstSecond || attempt == ATTEMPTS) {
        return new Burst(codes, keys);
      }
    }
  }
}
