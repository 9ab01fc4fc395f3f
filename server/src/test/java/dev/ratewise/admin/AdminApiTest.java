package dev.ratewise.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.admin.v1.AdminGrpc;
import dev.ratewise.admin.v1.DecideApprovalRequest;
import dev.ratewise.admin.v1.DecideApprovalResponse;
import dev.ratewise.admin.v1.ExplainRequest;
import dev.ratewise.admin.v1.ExplainResponse;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.GetAuditResponse;
import dev.ratewise.admin.v1.ListApprovalsRequest;
import dev.ratewise.admin.v1.ListApprovalsResponse;
import dev.ratewise.admin.v1.ListDecisionsRequest;
import dev.ratewise.admin.v1.ListDecisionsResponse;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.admin.v1.ListLimitsResponse;
import dev.ratewise.admin.v1.RunCycleRequest;
import dev.ratewise.admin.v1.SetLimitRequest;
import dev.ratewise.admin.v1.SetLimitResponse;
import dev.ratewise.testing.MutableClock;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs one table of admin operations over gRPC and over HTTP against the same running ratewise
 * and checks that both transports return the same messages and map errors the same way. The
 * operations are served by {@link InMemoryAdmin}, a stand-in for the decision loop, which is
 * built on another branch. Callers here are on loopback and no token is configured.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path stateDir;

  private Ratewise ratewise;
  private InMemoryAdmin admin;
  private ManagedChannel channel;
  private AdminGrpc.AdminBlockingStub stub;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startRatewise() throws Exception {
    ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir),
        new MutableClock(InMemoryAdmin.NOW), limits -> admin = new InMemoryAdmin(limits));
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", ratewise.grpcPort(),
        InsecureChannelCredentials.create()).build();
    stub = AdminGrpc.newBlockingStub(channel);
  }

  @AfterAll
  void stopRatewise() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    ratewise.close();
  }

  /** A gRPC call of the table. */
  private interface GrpcCall {
    Message call(AdminGrpc.AdminBlockingStub stub);
  }

  /**
   * One admin operation over both transports.
   *
   * @param expectedCode the gRPC code; OK for success
   * @param expectedHttp the HTTP status
   * @param expectedError the JSON error name; null for success
   */
  private record Case(String name, GrpcCall grpc, String method, String path, String body,
      Message.Builder responseType, Status.Code expectedCode, int expectedHttp,
      String expectedError) {}

  private static Case ok(String name, GrpcCall grpc, String method, String path, String body,
      Message.Builder responseType) {
    return new Case(name, grpc, method, path, body, responseType, Status.Code.OK, 200, null);
  }

  private static Case failing(String name, GrpcCall grpc, String method, String path,
      String body, Status.Code code, int httpStatus, String error) {
    return new Case(name, grpc, method, path, body, null, code, httpStatus, error);
  }

  private static List<Case> cases() {
    String enterprise = InMemoryAdmin.ENTERPRISE;
    return List.of(
        ok("list limits", s -> s.listLimits(ListLimitsRequest.getDefaultInstance()),
            "GET", "/admin/limits", null, ListLimitsResponse.newBuilder()),
        ok("list decisions", s -> s.listDecisions(
                ListDecisionsRequest.newBuilder().setLimit(5).build()),
            "GET", "/admin/decisions?limit=5", null, ListDecisionsResponse.newBuilder()),
        ok("list approvals with decided ones", s -> s.listApprovals(
                ListApprovalsRequest.newBuilder().setIncludeDecided(true).build()),
            "GET", "/admin/approvals?include_decided=true", null,
            ListApprovalsResponse.newBuilder()),
        ok("audit page", s -> s.getAudit(GetAuditRequest.newBuilder().setLimit(10).build()),
            "GET", "/admin/audit?limit=10", null, GetAuditResponse.newBuilder()),
        ok("approve pending", s -> s.approve(decide(InMemoryAdmin.PENDING_ID, "launch")),
            "POST", "/admin/approvals/apr-0000001/approve", "{\"reason\": \"launch\"}",
            DecideApprovalResponse.newBuilder()),
        ok("reject pending", s -> s.reject(decide(InMemoryAdmin.PENDING_ID, "")),
            "POST", "/admin/approvals/apr-0000001/reject", null,
            DecideApprovalResponse.newBuilder()),
        ok("set limit", s -> s.setLimit(SetLimitRequest.newBuilder().setRule(enterprise)
                .setRequestsPerUnit(60).setReason("launch").build()),
            "POST", "/admin/limits/" + enterprise,
            "{\"requests_per_unit\": 60, \"reason\": \"launch\"}",
            SetLimitResponse.newBuilder()),
        ok("explain", s -> s.explain(ExplainRequest.newBuilder().setQuestion("why 45?").build()),
            "POST", "/admin/explain", "{\"question\": \"why 45?\"}",
            ExplainResponse.newBuilder()),
        failing("approve unknown id", s -> s.approve(decide("apr-9999999", "")),
            "POST", "/admin/approvals/apr-9999999/approve", null,
            Status.Code.NOT_FOUND, 404, "not_found"),
        failing("approve decided", s -> s.approve(decide(InMemoryAdmin.DECIDED_ID, "")),
            "POST", "/admin/approvals/apr-0000002/approve", "{}",
            Status.Code.FAILED_PRECONDITION, 409, "conflict"),
        failing("set limit without reason", s -> s.setLimit(SetLimitRequest.newBuilder()
                .setRule(enterprise).setRequestsPerUnit(60).build()),
            "POST", "/admin/limits/" + enterprise, "{\"requests_per_unit\": 60}",
            Status.Code.INVALID_ARGUMENT, 400, "invalid_argument"),
        failing("set limit of unknown rule", s -> s.setLimit(SetLimitRequest.newBuilder()
                .setRule("ratewise.nope").setRequestsPerUnit(60).setReason("x").build()),
            "POST", "/admin/limits/ratewise.nope",
            "{\"requests_per_unit\": 60, \"reason\": \"x\"}",
            Status.Code.NOT_FOUND, 404, "not_found"),
        failing("explain empty question", s -> s.explain(ExplainRequest.getDefaultInstance()),
            "POST", "/admin/explain", "{\"question\": \"\"}",
            Status.Code.INVALID_ARGUMENT, 400, "invalid_argument"),
        failing("audit with bad page token", s -> s.getAudit(
                GetAuditRequest.newBuilder().setPageToken("abc").build()),
            "GET", "/admin/audit?page_token=abc", null,
            Status.Code.INVALID_ARGUMENT, 400, "invalid_argument"),
        failing("run cycle with tuning off", s -> s.runCycle(RunCycleRequest.getDefaultInstance()),
            "POST", "/admin/init", null, Status.Code.UNAVAILABLE, 503, "unavailable"));
  }

  private static DecideApprovalRequest decide(String id, String reason) {
    return DecideApprovalRequest.newBuilder().setId(id).setReason(reason).build();
  }

  @TestFactory
  Stream<DynamicTest> operation_sameOverGrpcAndHttp() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> runBoth(c)));
  }

  private void runBoth(Case c) throws Exception {
    admin.reset();
    Message grpcResponse = null;
    Status grpcStatus = Status.OK;
    try {
      grpcResponse = c.grpc().call(stub);
    } catch (StatusRuntimeException e) {
      grpcStatus = e.getStatus();
    }
    admin.reset();

    HttpResponse<String> httpResponse = send(c.method(), c.path(), c.body(), null);

    assertEquals(c.expectedCode(), grpcStatus.getCode(), "gRPC code: " + grpcStatus);
    assertEquals(c.expectedHttp(), httpResponse.statusCode(), "HTTP status: "
        + httpResponse.body());
    if (c.expectedError() == null) {
      Message.Builder parsed = c.responseType().clone();
      JsonFormat.parser().merge(httpResponse.body(), parsed);
      assertEquals(grpcResponse, parsed.build());
    } else {
      JsonNode error = JSON.readTree(httpResponse.body());
      assertNull(grpcResponse);
      assertEquals(c.expectedError(), error.path("error").asText());
      assertEquals(grpcStatus.getDescription(), error.path("message").asText());
    }
  }

  @Test
  void approveOverHttp_changesLiveLimit() throws Exception {
    admin.reset();

    HttpResponse<String> response = send("POST", "/admin/approvals/apr-0000001/approve",
        "{\"reason\": \"launch\"}", null);

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(45, ratewise.limits().current().rule(InMemoryAdmin.ENTERPRISE).orElseThrow()
        .requestsPerUnit());
    JsonNode limit = JSON.readTree(response.body()).path("limit");
    assertEquals("45", limit.path("effective").asText());
    assertEquals("LIMIT_SOURCE_APPROVAL", limit.path("source").asText());
    assertEquals("operator:127.0.0.1", limit.path("set_by").asText());
  }

  @Test
  void serverReflection_listsAdminService() throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .serverReflectionInfo(new StreamObserver<ServerReflectionResponse>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            services.complete(response.getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList());
          }

          @Override
          public void onError(Throwable error) {
            services.completeExceptionally(error);
          }

          @Override
          public void onCompleted() {}
        });

    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    List<String> names = services.get(10, TimeUnit.SECONDS);
    requests.onCompleted();

    assertTrue(names.contains("ratewise.admin.v1.Admin"), names.toString());
  }

  /** An Origin header on an approval, and the HTTP status it must get. */
  private record OriginCase(String origin, int expectedStatus) {}

  @TestFactory
  Stream<DynamicTest> crossOriginChange_isRejected() {
    return Stream.of(
            new OriginCase("http://evil.example", 403),
            new OriginCase("null", 403),
            new OriginCase("http://localhost:1", 403),
            new OriginCase("http://127.0.0.1:" + ratewise.httpPort(), 200))
        .map(c -> DynamicTest.dynamicTest(c.origin(), () -> {
          admin.reset();
          HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                  + ratewise.httpPort() + "/admin/approvals/apr-0000001/approve"))
              .header("Origin", c.origin())
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();

          HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

          assertEquals(c.expectedStatus(), response.statusCode(), response.body());
        }));
  }

  /** Bodies that cannot become a SetLimitRequest, and the word the error must name. */
  private record BadBody(String body, String named) {}

  @TestFactory
  Stream<DynamicTest> malformedBody_returns400NamingProblem() {
    return Stream.of(
            new BadBody("{\"requests_per_unit\": \"lots\", \"reason\": \"x\"}",
                "requests_per_unit"),
            new BadBody("{\"requests_per_unit\": -5, \"reason\": \"x\"}", "requests_per_unit"),
            new BadBody("{\"reason\": 7, \"requests_per_unit\": 5, \"extra\": 1}", "extra"),
            new BadBody("{\"requests_per_unit\": 5, ", "malformed JSON"),
            new BadBody("[1, 2]", "must be an object"))
        .map(bad -> DynamicTest.dynamicTest(bad.body(), () -> {
          HttpResponse<String> response = send("POST",
              "/admin/limits/" + InMemoryAdmin.ENTERPRISE, bad.body(), null);

          JsonNode error = JSON.readTree(response.body());
          assertEquals(400, response.statusCode());
          assertEquals("invalid_argument", error.path("error").asText());
          assertTrue(error.path("message").asText().contains(bad.named()),
              error.path("message").asText());
        }));
  }

  /** Query parameters that are not valid, and the parameter the error must name. */
  @TestFactory
  Stream<DynamicTest> badQueryParameter_returns400NamingIt() {
    return Stream.of(
            new BadBody("/admin/decisions?limit=many", "limit"),
            new BadBody("/admin/audit?limit=-1", "limit"),
            new BadBody("/admin/audit?since=yesterday", "since"),
            new BadBody("/admin/approvals?include_decided=yes", "include_decided"),
            new BadBody("/admin/timeline?since=soon", "since"))
        .map(bad -> DynamicTest.dynamicTest(bad.body(), () -> {
          HttpResponse<String> response = send("GET", bad.body(), null, null);

          JsonNode error = JSON.readTree(response.body());
          assertEquals(400, response.statusCode(), response.body());
          assertTrue(error.path("message").asText().contains(bad.named()),
              error.path("message").asText());
        }));
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ratewise.httpPort() + path))
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
