package dev.ratewise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.store.CounterIncrement;
import dev.ratewise.testing.RedisSentinel;
import dev.ratewise.testing.RedisServerExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Opens the store through a real Sentinel and checks that it counts on the primary. */
class RedisSentinelCounterStoreTest {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void sentinelUrl_countsOnPrimary() throws Exception {
    RedisClient inspector = RedisClient.create(redis.server().url());
    try (RedisSentinel sentinel = RedisSentinel.start(redis.server().port());
        RedisCounterStore store = RedisCounterStore.open(sentinel.url(), false,
            Duration.ofSeconds(1));
        StatefulRedisConnection<String, String> primary = inspector.connect()) {

      long[] totals = store.increment(List.of(new CounterIncrement("rw:test:sentinel", 2, 60),
          new CounterIncrement("rw:test:sentinel", 1, 60))).get(5, TimeUnit.SECONDS);

      assertArrayEquals(new long[] {2, 3}, totals);
      assertEquals("3", primary.sync().get("rw:test:sentinel"));
      assertEquals(sentinel.url(), store.describe());
    } finally {
      inspector.shutdown();
    }
  }
}
