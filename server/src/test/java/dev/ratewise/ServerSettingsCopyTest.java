package dev.ratewise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code withTuning} and {@code withAdminToken} once called the constructor that predates
 * {@code --redis-cluster}, so a copy silently switched Redis Cluster mode off.
 */
class ServerSettingsCopyTest {
  private final ServerSettings cluster =
      ServerSettings.forTests(null, Path.of("state")).withRedisCluster(true);

  @Test
  void withTuning_keepsRedisCluster() {
    ServerSettings copy = cluster.withTuning(cluster.tuning());

    assertTrue(copy.redisCluster());
  }

  @Test
  void withAdminToken_keepsRedisCluster() {
    ServerSettings copy = cluster.withAdminToken("secret");

    assertTrue(copy.redisCluster());
  }
}
