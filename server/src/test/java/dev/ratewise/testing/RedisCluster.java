package dev.ratewise.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of three primaries and no replicas on free loopback ports, created with
 * {@code redis-cli --cluster create}. Each node also listens on its port + 10000 for the cluster
 * bus, so ports are picked with both free.
 */
public final class RedisCluster implements AutoCloseable {
  private static final int NODES = 3;
  private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final Path directory;

  private RedisCluster(Path directory) {
    this.directory = directory;
  }

  /** Starts three nodes, joins them into one cluster and waits until it serves every slot. */
  public static RedisCluster start() throws IOException, InterruptedException {
    RedisCluster cluster = new RedisCluster(Files.createTempDirectory("ratewise-cluster"));
    try {
      for (int i = 0; i < NODES; i++) {
        cluster.launchNode(i);
      }
      cluster.create();
      Await.until(CREATE_TIMEOUT, "every node reports cluster_state:ok", cluster::isReady);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  /** Returns a Lettuce URI of the first node, which Lettuce uses to discover the others. */
  public String url() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  private void launchNode(int index) throws IOException {
    int port = freeClusterPort();
    Path nodeDirectory = Files.createDirectories(directory.resolve("node" + index));
    List<String> command = List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--dir", nodeDirectory.toString());
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(nodeDirectory.resolve("redis.log").toFile())
        .start();
    processes.add(process);
    ports.add(port);
    Await.until(Duration.ofSeconds(10), "redis-server listens on " + port,
        () -> run("-p", Integer.toString(port), "ping").contains("PONG"));
  }

  private void create() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    for (int port : ports) {
      command.add("127.0.0.1:" + port);
    }
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(CREATE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        || process.exitValue() != 0) {
      throw new IOException("redis-cli --cluster create failed: " + output);
    }
  }

  private boolean isReady() {
    for (int port : ports) {
      if (!run("-p", Integer.toString(port), "cluster", "info").contains("cluster_state:ok")) {
        return false;
      }
    }
    return true;
  }

  /** Runs redis-cli against loopback and returns its output, or "" when it fails. */
  public static String run(String... arguments) {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1"));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return output;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static int freeClusterPort() throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = RedisServer.freePort();
      if (port + 10_000 > 65_535) {
        continue;
      }
      try (ServerSocket bus = new ServerSocket(port + 10_000, 1,
          InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException busPortTaken) {
        // Try another port.
      }
    }
    throw new IOException("no free port with a free cluster bus port found in 100 attempts");
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    for (Process process : processes) {
      process.waitFor();
    }
    processes.clear();
  }
}
