package dev.ratewise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parses --redis-url values with Lettuce and describes them without credentials. */
class RedisUrlsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "redis://127.0.0.1:6380 | redis://127.0.0.1:6380",
      "redis://:s3cret@cache.internal:6379/2 | redis://cache.internal:6379/2",
      "redis://user:s3cret@cache.internal | redis://cache.internal:6379",
      "rediss://s3cret@cache.internal:6390 | rediss://cache.internal:6390",
      "redis-sentinel://s3cret@sentinel-a:26379,sentinel-b:26380/1#mymaster"
          + " | redis-sentinel://sentinel-a:26379,sentinel-b:26380/1#mymaster",
      "redis-socket:///var/run/redis.sock | redis-socket:///var/run/redis.sock",
  })
  void describe_dropsCredentials(String url, String expected) {
    String description = RedisUrls.describe(RedisUrls.parse(url, false));

    assertEquals(expected, description);
    assertFalse(description.contains("s3cret"));
  }

  @Test
  void sentinelUrl_namesSentinelsAndMaster() {
    RedisURI uri = RedisUrls.parse("redis-sentinel://sentinel-a:26379,sentinel-b:26380#mymaster",
        false);

    assertEquals("mymaster", uri.getSentinelMasterId());
    assertEquals(2, uri.getSentinels().size());
    assertEquals("sentinel-b", uri.getSentinels().get(1).getHost());
    assertEquals(26380, uri.getSentinels().get(1).getPort());
  }

  @Test
  void sentinelUrlWithCluster_rejectedNamingFlags() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> RedisUrls.parse("redis-sentinel://sentinel-a:26379#mymaster", true));

    assertTrue(failure.getMessage().contains("--redis-url"), failure.getMessage());
    assertTrue(failure.getMessage().contains("--redis-cluster"), failure.getMessage());
  }

  @Test
  void invalidUrl_rejectedWithoutPassword() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> RedisUrls.parse("mongodb://admin:s3cret@db:27017", false));

    assertTrue(failure.getMessage().startsWith("invalid --redis-url"), failure.getMessage());
    assertFalse(failure.getMessage().contains("s3cret"), failure.getMessage());
  }
}
