package dev.ratewise.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@code redis-server} process that the benchmarks start on a free loopback port, with no
 * persistence, and the connection used to read its {@code INFO commandstats}.
 */
final class RedisProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Process process;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> statsConnection;

  private RedisProcess(int port, Process process) {
    this.port = port;
    this.process = process;
    this.client = RedisClient.create(url());
    this.statsConnection = client.connect();
  }

  /** Starts redis-server; fails when it is not installed or does not listen within 10 s. */
  static RedisProcess start() throws IOException {
    int port = freePort();
    Path directory = Files.createTempDirectory("ratewise-bench-redis");
    List<String> command = List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", directory.toString());
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile())
        .start();
    awaitListening(process, port, directory);
    return new RedisProcess(port, process);
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  RedisClient client() {
    return client;
  }

  /** Returns the current command counters. */
  CommandStats commandStats() {
    return CommandStats.parse(statsConnection.sync().info("commandstats"));
  }

  /**
   * Returns the CPU time redis-server has used so far, user and system, or zero where the
   * operating system does not report it. On a two-core machine this CPU is taken from the
   * load generator and ratewise, which a remote Redis would not do.
   */
  Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** Deletes every key, so one benchmark's counters do not change the next one's decisions. */
  void flush() {
    statsConnection.sync().flushall();
  }

  @Override
  public void close() throws InterruptedException {
    statsConnection.close();
    client.shutdown();
    process.destroy();
    process.waitFor();
  }

  private static void awaitListening(Process process, int port, Path directory)
      throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited with " + process.exitValue()
            + "; see " + directory.resolve("redis.log"));
      }
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.onSpinWait();
      }
    }
    process.destroyForcibly();
    throw new IOException("redis-server did not listen on port " + port + " within "
        + START_TIMEOUT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
