package dev.ratewise.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.admin.v1.AdminGrpc;
import dev.ratewise.admin.v1.DecideApprovalRequest;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.testing.MutableClock;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * Checks the admin token over both transports on a running ratewise started with
 * {@code --admin-token}. Operations are served by {@link InMemoryAdmin}, a stand-in for the
 * decision loop, which is built on another branch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminTokenTest {
  private static final String TOKEN = "s3cret-token";

  @TempDir
  Path stateDir;

  private Ratewise ratewise;
  private InMemoryAdmin admin;
  private ManagedChannel channel;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startRatewise() throws Exception {
    ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir).withAdminToken(TOKEN),
        new MutableClock(InMemoryAdmin.NOW), limits -> admin = new InMemoryAdmin(limits));
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", ratewise.grpcPort(),
        InsecureChannelCredentials.create()).build();
  }

  @AfterAll
  void stopRatewise() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    ratewise.close();
  }

  /**
   * An approval attempt with an authorization value.
   *
   * @param authorization the header value; null sends none
   */
  private record Case(String name, String authorization, Status.Code grpcCode, int httpStatus) {}

  @TestFactory
  Stream<DynamicTest> approve_needsToken() {
    return Stream.of(
            new Case("no header", null, Status.Code.UNAUTHENTICATED, 401),
            new Case("wrong token", "Bearer not-it", Status.Code.UNAUTHENTICATED, 401),
            new Case("token without Bearer", TOKEN, Status.Code.UNAUTHENTICATED, 401),
            new Case("right token", "Bearer " + TOKEN, Status.Code.OK, 200))
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          admin.reset();
          Status.Code grpcCode = approveOverGrpc(c.authorization());
          admin.reset();

          HttpResponse<String> response = approveOverHttp(c.authorization());

          assertEquals(c.grpcCode(), grpcCode);
          assertEquals(c.httpStatus(), response.statusCode(), response.body());
        }));
  }

  @Test
  void reads_needNoToken() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ratewise.httpPort() + "/admin/limits")).build(),
        HttpResponse.BodyHandlers.ofString());

    int limits = AdminGrpc.newBlockingStub(channel)
        .listLimits(ListLimitsRequest.getDefaultInstance()).getLimitsCount();

    assertEquals(200, response.statusCode());
    assertEquals(6, limits);
  }

  private Status.Code approveOverGrpc(String authorization) {
    AdminGrpc.AdminBlockingStub stub = AdminGrpc.newBlockingStub(channel);
    if (authorization != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          authorization);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    try {
      stub.approve(DecideApprovalRequest.newBuilder().setId(InMemoryAdmin.PENDING_ID).build());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private HttpResponse<String> approveOverHttp(String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + ratewise.httpPort() + "/admin/approvals/" + InMemoryAdmin.PENDING_ID + "/approve"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
