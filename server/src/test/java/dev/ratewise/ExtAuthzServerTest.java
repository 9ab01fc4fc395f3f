package dev.ratewise;

import static dev.ratewise.testing.EnvoyCheckRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.testing.MutableClock;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ext_authz over real Netty and real HTTP on loopback, through {@link Ratewise#start}, with
 * the bundled config and a fake clock. No Envoy or nginx runs here, so the tests send what
 * Envoy's gRPC filter and nginx {@code auth_request} would send.
 */
class ExtAuthzServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path stateDir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00.250Z"));
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private Ratewise ratewise;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (ratewise != null) {
      ratewise.close();
    }
  }

  private AuthorizationGrpc.AuthorizationBlockingStub grpc(ServerSettings settings)
      throws Exception {
    ratewise = Ratewise.start(settings, clock);
    channel = NettyChannelBuilder.forAddress("127.0.0.1", ratewise.grpcPort())
        .usePlaintext()
        .build();
    return AuthorizationGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private void startHttp() throws Exception {
    ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir), clock);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder authz(String path) {
    return HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + ratewise.httpPort() + "/ext_authz" + path));
  }

  @Test
  void grpcCheck_enterpriseLimitedAtFifteen() throws Exception {
    AuthorizationGrpc.AuthorizationBlockingStub stub =
        grpc(ServerSettings.forTests(null, stateDir));

    for (int i = 1; i <= 15; i++) {
      CheckResponse allowed = stub.check(request().apiKey("ent-acme-key").build());
      assertEquals(Status.Code.OK.value(), allowed.getStatus().getCode(), "request " + i);
    }
    CheckResponse denied = stub.check(request().apiKey("ent-acme-key").build());

    assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), denied.getStatus().getCode());
    assertEquals(429, denied.getDeniedResponse().getStatus().getCodeValue());
  }

  @Test
  void grpcCheck_hundredKilobyteCookieAllowed() throws Exception {
    AuthorizationGrpc.AuthorizationBlockingStub stub =
        grpc(ServerSettings.forTests(null, stateDir));

    CheckResponse response = stub.check(request().apiKey("ent-acme-key")
        .header("cookie", "session=" + "c".repeat(100 * 1024)).build());

    assertEquals(Status.Code.OK.value(), response.getStatus().getCode());
  }

  @Test
  void oversizedMessage_rejectedThenServing() throws Exception {
    ServerSettings defaults = ServerSettings.forTests(null, stateDir);
    ServerSettings small = new ServerSettings(null, 0, 0, "127.0.0.1", null, defaults.limiter(),
        false, defaults.configPollInterval(), 64 * 1024, defaults.keepAlivePermit(),
        defaults.maxConnectionAge(), defaults.maxConnectionAgeGrace(), defaults.shutdownGrace(),
        defaults.tuning(), null);
    AuthorizationGrpc.AuthorizationBlockingStub stub = grpc(small);

    StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
        () -> stub.check(request().apiKey("ent-acme-key")
            .header("cookie", "session=" + "c".repeat(100 * 1024)).build()));
    CheckResponse next = stub.check(request().apiKey("ent-acme-key").build());

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, error.getStatus().getCode());
    assertEquals(Status.Code.OK.value(), next.getStatus().getCode());
  }

  static Stream<Arguments> httpCases() {
    return Stream.of(
        Arguments.of("known key", "GET", "/v1/orders?page=2", new String[] {"x-api-key",
            "ent-acme-key"}, 200, "acme", "enterprise", "15", null),
        Arguments.of("known key on POST", "POST", "/v1/orders", new String[] {"X-Api-Key",
            "pro-hooli-key"}, 200, "hooli", "professional", "8", null),
        Arguments.of("unknown key", "GET", "/", new String[] {"x-api-key", "nope"}, 200, null,
            "free", "2", null),
        Arguments.of("no key", "DELETE", "/v1/orders/7", new String[0], 200, null, "free", "2",
            null),
        Arguments.of("two key headers", "GET", "/v1/orders", new String[] {"x-api-key",
            "ent-acme-key", "x-api-key", "free-bob-key"}, 401, null, null, null,
            "invalid_api_key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("httpCases")
  void httpCheck_answersLikeGrpc(String name, String method, String path, String[] headers,
      int status, String tenant, String tier, String limit, String error) throws Exception {
    startHttp();
    HttpRequest.Builder request = authz(path)
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }

    HttpResponse<String> response = send(request);

    assertEquals(status, response.statusCode());
    assertEquals(Optional.ofNullable(tenant), response.headers().firstValue("x-ratewise-tenant"));
    assertEquals(Optional.ofNullable(tier), response.headers().firstValue("x-ratewise-tier"));
    assertEquals(Optional.ofNullable(limit), response.headers().firstValue("RateLimit-Limit"));
    if (error != null) {
      assertEquals(error, JSON.readTree(response.body()).get("error").asText());
    }
  }

  @Test
  void httpCheck_rateLimitedWithRetryAfter() throws Exception {
    startHttp();
    for (int i = 0; i < 3; i++) {
      send(authz("/v1/orders").header("x-api-key", "free-alice-key"));
    }

    HttpResponse<String> denied = send(authz("/v1/orders").header("x-api-key", "free-alice-key"));

    assertEquals(429, denied.statusCode());
    assertEquals(Optional.of("1"), denied.headers().firstValue("Retry-After"));
    assertEquals(Optional.of("0"), denied.headers().firstValue("RateLimit-Remaining"));
    assertEquals(Optional.of("alice"), denied.headers().firstValue("x-ratewise-tenant"));
    assertTrue(denied.headers().firstValue("content-type").orElse("").contains("json"));
    JsonNode body = JSON.readTree(denied.body());
    assertEquals("rate_limited", body.get("error").asText());
    assertEquals("free", body.get("tier").asText());
    assertEquals(1, body.get("retry_after_seconds").asLong());
  }

  /** From a loopback peer, X-Real-IP names the caller, so each address has its own counter. */
  @Test
  void httpCheckFromLoopback_honoursRealIp() throws Exception {
    startHttp();
    send(authz("/").header("X-Real-IP", "198.51.100.1"));
    send(authz("/").header("X-Real-IP", "198.51.100.1"));

    HttpResponse<String> sameAddress = send(authz("/").header("X-Real-IP", "198.51.100.1"));
    HttpResponse<String> otherAddress = send(authz("/").header("X-Real-IP", "198.51.100.2"));

    assertEquals(429, sameAddress.statusCode());
    assertEquals(200, otherAddress.statusCode());
  }

  @Test
  void httpCheck_hundredKilobyteCookieAllowed() throws Exception {
    startHttp();

    HttpResponse<String> response = send(authz("/").header("x-api-key", "ent-acme-key")
        .header("Cookie", "session=" + "c".repeat(100 * 1024)));

    assertEquals(200, response.statusCode());
    assertEquals(Optional.of("acme"), response.headers().firstValue("x-ratewise-tenant"));
  }
}
