package dev.ratewise.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Redis Sentinel ({@code redis-server --sentinel}) on a free loopback port that monitors
 * one primary under the name {@link #MASTER_NAME}.
 */
public final class RedisSentinel implements AutoCloseable {
  public static final String MASTER_NAME = "mymaster";

  private final int port;
  private final Process process;

  private RedisSentinel(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts a Sentinel for the primary on {@code primaryPort} and waits until it reports it. */
  public static RedisSentinel start(int primaryPort) throws IOException {
    Path directory = Files.createTempDirectory("ratewise-sentinel");
    int port = RedisServer.freePort();
    Path config = directory.resolve("sentinel.conf");
    Files.writeString(config, String.join("\n",
        "port " + port,
        "bind 127.0.0.1",
        "dir " + directory,
        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " 1",
        ""));
    Process process = new ProcessBuilder(List.of("redis-server", config.toString(), "--sentinel"))
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("sentinel.log").toFile())
        .start();
    RedisSentinel sentinel = new RedisSentinel(port, process);
    try {
      Await.until(Duration.ofSeconds(10), "Sentinel reports the primary", () ->
          RedisCluster.run("-p", Integer.toString(port), "sentinel",
              "get-master-addr-by-name", MASTER_NAME).contains(Integer.toString(primaryPort)));
    } catch (AssertionError e) {
      process.destroyForcibly();
      throw e;
    }
    return sentinel;
  }

  /** Returns a Lettuce Sentinel URI that resolves the monitored primary. */
  public String url() {
    return "redis-sentinel://127.0.0.1:" + port + "#" + MASTER_NAME;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }
}
