package dev.ratewise.testing;

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
 * A real {@code redis-server} process on a free loopback port, with no persistence. Tests can
 * stop and restart it on the same port to exercise reconnects.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Path directory;
  private Process process;

  private RedisServer(int port, Path directory) {
    this.port = port;
    this.directory = directory;
  }

  /** Starts a server on a free port; fails when redis-server is not installed. */
  public static RedisServer start() throws IOException {
    RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("ratewise-redis"));
    server.launch();
    return server;
  }

  public int port() {
    return port;
  }

  /** Returns a Lettuce URI for this server. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the process again on the same port after {@link #stop()}. */
  public void launch() throws IOException {
    List<String> command = List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", directory.toString());
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("redis.log").toFile())
        .start();
    awaitListening();
  }

  /** Returns whether the process was launched and has not been stopped. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Kills the process and waits until it has exited. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
      process = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  private void awaitListening() throws IOException {
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
    throw new IOException("redis-server did not listen on port " + port + " within "
        + START_TIMEOUT);
  }

  /** Returns a port that was free a moment ago on loopback. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
