package dev.ratewise.loadtest;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server that returns OK to ShouldRateLimit and Check at once, with fixed responses of
 * the same shape as ratewise's. It uses ratewise's default transport settings (Netty, direct
 * executor, the same keepalive and connection-age limits), so a run against it measures the
 * generator, the transport and protobuf alone.
 */
final class BaselineServer implements AutoCloseable {
  /** Responses built ahead for requests with up to this many descriptors. */
  private static final int PREBUILT_DESCRIPTORS = 8;

  private final Server server;

  private BaselineServer(Server server) {
    this.server = server;
  }

  /** Starts the server on a free port of {@code host}. */
  static BaselineServer start(String host) throws IOException {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress(host, 0))
        .directExecutor()
        .permitKeepAliveTime(30, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionAge(5, TimeUnit.MINUTES)
        .maxConnectionAgeGrace(30, TimeUnit.SECONDS)
        .maxInboundMessageSize(8 * 1024 * 1024)
        .addService(new NoOpRateLimitService())
        .addService(new NoOpAuthorizationService())
        .build()
        .start();
    return new BaselineServer(server);
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class NoOpRateLimitService
      extends RateLimitServiceGrpc.RateLimitServiceImplBase {
    private final RateLimitResponse[] responses = new RateLimitResponse[PREBUILT_DESCRIPTORS + 1];

    NoOpRateLimitService() {
      for (int i = 0; i < responses.length; i++) {
        responses[i] = response(i);
      }
    }

    @Override
    public void shouldRateLimit(RateLimitRequest request,
        StreamObserver<RateLimitResponse> responseObserver) {
      int count = request.getDescriptorsCount();
      responseObserver.onNext(count < responses.length ? responses[count] : response(count));
      responseObserver.onCompleted();
    }

    private static RateLimitResponse response(int descriptors) {
      RateLimitResponse.DescriptorStatus status = RateLimitResponse.DescriptorStatus.newBuilder()
          .setCode(RateLimitResponse.Code.OK)
          .setCurrentLimit(RateLimitResponse.RateLimit.newBuilder()
              .setName("baseline")
              .setRequestsPerUnit(1000)
              .setUnit(RateLimitResponse.RateLimit.Unit.SECOND))
          .setLimitRemaining(999)
          .setDurationUntilReset(Duration.newBuilder().setSeconds(1))
          .build();
      RateLimitResponse.Builder builder = RateLimitResponse.newBuilder()
          .setOverallCode(RateLimitResponse.Code.OK);
      for (int i = 0; i < descriptors; i++) {
        builder.addStatuses(status);
      }
      return builder.build();
    }
  }

  private static final class NoOpAuthorizationService
      extends AuthorizationGrpc.AuthorizationImplBase {
    private static final CheckResponse ALLOW = CheckResponse.newBuilder()
        .setStatus(com.google.rpc.Status.newBuilder().setCode(0))
        .setOkResponse(OkHttpResponse.newBuilder()
            .addHeaders(header("x-ratewise-tenant", "baseline"))
            .addHeaders(header("x-ratewise-tier", "baseline"))
            .addResponseHeadersToAdd(header("ratelimit-limit", "1000"))
            .addResponseHeadersToAdd(header("ratelimit-remaining", "999"))
            .addResponseHeadersToAdd(header("ratelimit-reset", "1")))
        .build();

    @Override
    public void check(CheckRequest request, StreamObserver<CheckResponse> responseObserver) {
      responseObserver.onNext(ALLOW);
      responseObserver.onCompleted();
    }

    private static HeaderValueOption header(String name, String value) {
      return HeaderValueOption.newBuilder()
          .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
          .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
          .build();
    }
  }
}
