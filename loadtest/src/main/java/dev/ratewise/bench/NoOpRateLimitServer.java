package dev.ratewise.bench;

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
 * The baseline: a gRPC server on loopback whose {@code ShouldRateLimit} returns one prebuilt OK
 * response without looking at the request. It is built like ratewise's server (Netty, direct
 * executor), so the gap between the two is what ratewise does per request.
 */
final class NoOpRateLimitServer implements AutoCloseable {
  private static final RateLimitResponse OK = RateLimitResponse.newBuilder()
      .setOverallCode(RateLimitResponse.Code.OK)
      .addStatuses(RateLimitResponse.DescriptorStatus.newBuilder()
          .setCode(RateLimitResponse.Code.OK))
      .build();

  private final Server server;

  private NoOpRateLimitServer(Server server) {
    this.server = server;
  }

  static NoOpRateLimitServer start() throws IOException {
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .directExecutor()
        .addService(new RateLimitServiceGrpc.RateLimitServiceImplBase() {
          @Override
          public void shouldRateLimit(RateLimitRequest request,
              StreamObserver<RateLimitResponse> responseObserver) {
            responseObserver.onNext(OK);
            responseObserver.onCompleted();
          }
        })
        .build()
        .start();
    return new NoOpRateLimitServer(server);
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
