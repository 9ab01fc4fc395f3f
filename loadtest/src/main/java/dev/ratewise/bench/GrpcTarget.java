package dev.ratewise.bench;

import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code ShouldRateLimit} on a loopback port over a fixed number of HTTP/2 connections, as
 * Envoy does with its few long-lived connections. Stream {@code i} uses connection
 * {@code i % connections}, and each call sends a request picked uniformly at random.
 */
final class GrpcTarget implements Target, AutoCloseable {
  private final ManagedChannel[] channels;
  private final RateLimitServiceGrpc.RateLimitServiceStub[] stubs;
  private final RateLimitRequest[] requests;

  GrpcTarget(int port, int connections, RateLimitRequest[] requests) {
    this.channels = new ManagedChannel[connections];
    this.stubs = new RateLimitServiceGrpc.RateLimitServiceStub[connections];
    for (int i = 0; i < connections; i++) {
      // One channel to one address keeps one connection.
      channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", port)
          .usePlaintext()
          .directExecutor()
          .build();
      stubs[i] = RateLimitServiceGrpc.newStub(channels[i]);
    }
    this.requests = requests;
  }

  @Override
  public void call(int stream, Callback callback) {
    RateLimitRequest request = requests[ThreadLocalRandom.current().nextInt(requests.length)];
    stubs[stream % stubs.length].shouldRateLimit(request, new Answer(callback));
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static final class Answer implements StreamObserver<RateLimitResponse> {
    private final Callback callback;
    private boolean allowed;

    Answer(Callback callback) {
      this.callback = callback;
    }

    @Override
    public void onNext(RateLimitResponse response) {
      allowed = response.getOverallCode() != RateLimitResponse.Code.OVER_LIMIT;
    }

    @Override
    public void onError(Throwable error) {
      callback.done(false, error);
    }

    @Override
    public void onCompleted() {
      callback.done(allowed, null);
    }
  }
}
