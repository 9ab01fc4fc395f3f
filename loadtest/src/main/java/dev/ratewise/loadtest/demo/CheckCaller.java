package dev.ratewise.loadtest.demo;

import dev.ratewise.loadtest.demo.DemoScenario.Tenant;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Calls ext_authz {@code Check} as Envoy's filter does: one HTTP/2 connection, header names in
 * lower case, the path with its query string, the caller's address under
 * {@code source.address.socket_address}, and a deadline per call. Envoy reads status OK as allowed
 * and any other status as denied with {@code denied_response.status}; a failed call is an error.
 */
final class CheckCaller implements AutoCloseable {
  private static final int TOO_MANY_REQUESTS = 429;

  private final ManagedChannel channel;
  private final AuthorizationGrpc.AuthorizationStub stub;
  private final Duration timeout;
  private final AtomicLong requestIds = new AtomicLong();

  CheckCaller(String host, int port, Duration timeout) {
    this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    this.stub = AuthorizationGrpc.newStub(channel);
    this.timeout = timeout;
  }

  /** Envoy's reading of one Check response. */
  enum Verdict {
    ALLOWED,
    /** Denied with HTTP 429: over a limit. */
    RATE_LIMITED,
    /** Denied with another HTTP status, such as 401 for an unknown key. */
    DENIED_OTHER,
    /** The call failed or timed out; Envoy's failure_mode_allow decides what happens. */
    ERROR
  }

  /** Sends one Check for the tenant and passes the verdict to {@code done} on a gRPC thread. */
  void check(Tenant tenant, Consumer<Verdict> done) {
    stub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
        .check(request(tenant, requestIds.incrementAndGet()), new StreamObserver<>() {
          @Override
          public void onNext(CheckResponse response) {
            done.accept(verdict(response));
          }

          @Override
          public void onError(Throwable error) {
            done.accept(Verdict.ERROR);
          }

          @Override
          public void onCompleted() {}
        });
  }

  static Verdict verdict(CheckResponse response) {
    if (response.getStatus().getCode() == Status.Code.OK.value()) {
      return Verdict.ALLOWED;
    }
    if (response.hasDeniedResponse()
        && response.getDeniedResponse().getStatus().getCodeValue() == TOO_MANY_REQUESTS) {
      return Verdict.RATE_LIMITED;
    }
    return Verdict.DENIED_OTHER;
  }

  static CheckRequest request(Tenant tenant, long requestId) {
    String path = "/v1/orders?page=" + (requestId % 10 + 1);
    AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
        .setId("demo-" + requestId)
        .setMethod("GET")
        .setPath(path)
        .setHost("api.example.com")
        .setScheme("https")
        .setProtocol("HTTP/1.1")
        .putHeaders(":authority", "api.example.com")
        .putHeaders(":method", "GET")
        .putHeaders(":path", path)
        .putHeaders(":scheme", "https")
        .putHeaders("user-agent", "ratewise-demo")
        .putHeaders("x-request-id", "demo-" + requestId);
    if (!tenant.apiKey().isEmpty()) {
      http.putHeaders("x-api-key", tenant.apiKey());
    }
    return CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(AttributeContext.Peer.newBuilder()
                .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                    .setAddress(tenant.address())
                    .setPortValue(40_000 + (int) (requestId % 20_000)))))
            .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }
}
