package dev.ratewise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Reads the Redis flags from the command line into {@link ServerSettings}. */
class MainRedisFlagsTest {
  private static ServerSettings parse(String... args) {
    Main main = new Main();
    new CommandLine(main).parseArgs(args);
    return main.toSettings();
  }

  @Test
  void redisClusterFlag_setsClusterMode() {
    ServerSettings settings = parse("--redis-url", "redis://10.0.0.5:7000", "--redis-cluster");

    assertTrue(settings.redisCluster());
    assertEquals("redis://10.0.0.5:7000", settings.redisUrl());
  }

  @Test
  void noClusterFlag_leavesClusterModeOff() {
    // Holds only where RATEWISE_REDIS_CLUSTER is unset, as on the build machines.
    ServerSettings settings = parse("--redis-url", "redis://10.0.0.5:6379");

    assertFalse(settings.redisCluster());
  }

  @Test
  void withRedisUrl_keepsClusterMode() {
    ServerSettings settings = ServerSettings.forTests(null, null).withRedisCluster(true);

    ServerSettings copy = settings.withRedisUrl("redis://127.0.0.1:7000");

    assertTrue(copy.redisCluster());
  }
}
