package dev.ratewise.envoy;

import dev.ratewise.identity.Credentials;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * Envoy's v3 external authorization service, {@code Check}, on the shared limiter. Deliberate
 * denials are normal responses with a non-OK {@code status}; the RPC itself fails only when
 * ratewise cannot decide: the store failed under {@code --on-store-failure error}
 * (UNAVAILABLE), or the config names no identity domain (FAILED_PRECONDITION).
 */
public final class AuthorizationGrpcService extends AuthorizationGrpc.AuthorizationImplBase {
  private final AuthorizationCheck authorization;
  private final RpcObserver rpcObserver;

  public AuthorizationGrpcService(AuthorizationCheck authorization, RpcObserver rpcObserver) {
    this.authorization = authorization;
    this.rpcObserver = rpcObserver;
  }

  @Override
  public void check(CheckRequest request, StreamObserver<CheckResponse> responseObserver) {
    long started = System.nanoTime();
    Credentials credentials =
        CheckRequests.credentials(request, authorization.identitySpec());
    BooleanSupplier abandoned = responseObserver instanceof ServerCallStreamObserver<?> call
        ? call::isCancelled
        : () -> false;

    authorization.check(credentials, abandoned).whenComplete((decision, error) -> {
      rpcObserver.onRpc("Check", System.nanoTime() - started);
      if (isMissingDomain(error)) {
        failSetup(responseObserver, error);
        return;
      }
      GrpcAnswers.complete(responseObserver, decision, error, CheckResponses::toEnvoy);
    });
  }

  private static boolean isMissingDomain(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    return cause instanceof AuthorizationCheck.MissingIdentityDomainException;
  }

  private static void failSetup(StreamObserver<CheckResponse> observer, Throwable error) {
    if (observer instanceof ServerCallStreamObserver<CheckResponse> call && call.isCancelled()) {
      return;
    }
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    observer.onError(Status.FAILED_PRECONDITION.withDescription(cause.getMessage())
        .asRuntimeException());
  }
}
