package dev.ratewise.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the real nginx with {@code loadtest/nginx/nginx.conf.template} in front of a stand-in
 * for ratewise's HTTP check, to test the config's status mapping. The stand-in returns a fixed
 * status per API key. It exists only here because this branch's ratewise does not serve
 * {@code /ext_authz/*} yet. Skipped when nginx is not installed.
 */
class NginxAuthRequestTest {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path prefix;

  private final List<String> checkedPaths = new CopyOnWriteArrayList<>();
  private final List<String> realIps = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpServer standIn;
  private Process nginx;
  private int nginxPort;

  @BeforeEach
  void startNginxInFrontOfStandIn() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is not installed");
    standIn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    standIn.createContext("/ext_authz/", this::check);
    standIn.start();
    nginxPort = freePort();
    String config = Files.readString(Path.of("nginx", "nginx.conf.template"))
        .replace("@PREFIX@", prefix.toString())
        .replace("@RATEWISE_HTTP_PORT@", Integer.toString(standIn.getAddress().getPort()))
        .replace("@BACKEND_PORT@", Integer.toString(freePort()))
        .replace("@NGINX_PORT@", Integer.toString(nginxPort));
    Files.createDirectories(prefix.resolve("temp"));
    Files.writeString(prefix.resolve("nginx.conf"), config);
    nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", prefix.toString(), "-c",
        prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("error.log").toString())
        .redirectErrorStream(true)
        .redirectOutput(prefix.resolve("nginx.out").toFile())
        .start();
    awaitListening(nginxPort);
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(5, TimeUnit.SECONDS);
    }
    if (standIn != null) {
      standIn.stop(0);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "allowed-key|200|backend ok",
      "limited-key|429|rate limited",
      "unknown-key|401|",
      "forbidden-key|403|",
      "broken-key|500|rate limit check failed",
  })
  void checkStatus_reachesClientAsMapped(String key, int expectedStatus, String expectedBody)
      throws Exception {
    HttpResponse<String> response = get(key);

    assertEquals(expectedStatus, response.statusCode(), response.body());
    if (expectedBody != null) {
      assertTrue(response.body().contains(expectedBody), response.body());
    }
  }

  @Test
  void limitedCall_carriesRetryAfter() throws Exception {
    HttpResponse<String> response = get("limited-key");

    assertEquals(429, response.statusCode());
    assertEquals("7", response.headers().firstValue("Retry-After").orElse("missing"));
  }

  @Test
  void allowedCall_forwardsIdentityAndRateLimitHeaders() throws Exception {
    HttpResponse<String> response = get("allowed-key");

    assertEquals(200, response.statusCode());
    assertEquals("15", response.headers().firstValue("RateLimit-Limit").orElse("missing"));
    assertEquals("14", response.headers().firstValue("RateLimit-Remaining").orElse("missing"));
    assertTrue(response.body().contains("tier=enterprise tenant=acme"), response.body());
    assertEquals(List.of("/ext_authz/api/items?page=3"), checkedPaths);
    assertEquals(List.of("127.0.0.1"), realIps);
  }

  @Test
  void checkServiceDown_returns500() throws Exception {
    standIn.stop(0);

    HttpResponse<String> response = get("allowed-key");

    assertEquals(500, response.statusCode());
  }

  private HttpResponse<String> get(String key) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + nginxPort + "/api/items?page=3"))
        .header("x-api-key", key)
        .timeout(Duration.ofSeconds(5))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Responds as ratewise's HTTP check would for a few fixed keys. */
  private void check(HttpExchange exchange) throws IOException {
    checkedPaths.add(exchange.getRequestURI().toString());
    realIps.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Real-IP")));
    String key = String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key"));
    int status = switch (key) {
      case "allowed-key" -> 200;
      case "limited-key" -> 429;
      case "unknown-key" -> 401;
      case "forbidden-key" -> 403;
      default -> 503;
    };
    if (status == 200) {
      exchange.getResponseHeaders().add("x-ratewise-tenant", "acme");
      exchange.getResponseHeaders().add("x-ratewise-tier", "enterprise");
      exchange.getResponseHeaders().add("RateLimit-Limit", "15");
      exchange.getResponseHeaders().add("RateLimit-Remaining", "14");
      exchange.getResponseHeaders().add("RateLimit-Reset", "1");
    }
    if (status == 429) {
      exchange.getResponseHeaders().add("Retry-After", "7");
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitListening(int port) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
    throw new AssertionError("nginx did not listen on port " + port + " within "
        + STARTUP_TIMEOUT.toSeconds() + " s");
  }
}
