package dev.ratewise.envoy;

import dev.ratewise.limit.LimitRequest;
import dev.ratewise.limit.Limiter;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;

/** Envoy's v3 rate limit service, {@code ShouldRateLimit}, on the shared {@link Limiter}. */
public final class RateLimitGrpcService extends RateLimitServiceGrpc.RateLimitServiceImplBase {
  private final Limiter limiter;
  private final boolean responseHeaders;
  private final RpcObserver rpcObserver;

  /**
   * @param responseHeaders whether responses carry RateLimit-Limit, -Remaining and -Reset
   */
  public RateLimitGrpcService(Limiter limiter, boolean responseHeaders, RpcObserver rpcObserver) {
    this.limiter = limiter;
    this.responseHeaders = responseHeaders;
    this.rpcObserver = rpcObserver;
  }

  @Override
  public void shouldRateLimit(RateLimitRequest request,
      StreamObserver<RateLimitResponse> responseObserver) {
    long started = System.nanoTime();
    LimitRequest limitRequest;
    try {
      limitRequest = RateLimitRequests.toLimitRequest(request);
    } catch (StatusException e) {
      responseObserver.onError(e);
      return;
    }

    GrpcAnswers.tolerateCancellation(responseObserver);
    limiter.check(limitRequest).whenComplete((response, error) -> {
      rpcObserver.onRpc("ShouldRateLimit", System.nanoTime() - started);
      GrpcAnswers.complete(responseObserver, response, error,
          answer -> RateLimitResponses.toEnvoy(answer, responseHeaders));
    });
  }
}
