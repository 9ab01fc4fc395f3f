package dev.ratewise.envoy;

import dev.ratewise.store.StoreUnavailableException;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes unary calls from futures. A call that was cancelled or passed its deadline while the
 * limiter worked gets nothing: gRPC has already closed it with DEADLINE_EXCEEDED or CANCELLED.
 */
final class GrpcAnswers {
  private static final Logger log = LoggerFactory.getLogger(GrpcAnswers.class);

  private GrpcAnswers() {}

  /**
   * Makes a later {@code onNext} on a cancelled call a no-op instead of an exception. Call it
   * before handing the observer to asynchronous work.
   */
  static void tolerateCancellation(StreamObserver<?> observer) {
    if (observer instanceof ServerCallStreamObserver<?> call) {
      call.setOnCancelHandler(() -> {});
    }
  }

  static <T, R> void complete(StreamObserver<R> observer, T result, Throwable error,
      Function<T, R> toResponse) {
    if (observer instanceof ServerCallStreamObserver<R> call && call.isCancelled()) {
      return;
    }
    if (error != null) {
      observer.onError(toStatus(error).asRuntimeException());
      return;
    }
    R response;
    try {
      response = toResponse.apply(result);
    } catch (RuntimeException e) {
      observer.onError(toStatus(e).asRuntimeException());
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  static Status toStatus(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
    if (cause instanceof StoreUnavailableException) {
      return Status.UNAVAILABLE.withDescription(cause.getMessage()).withCause(cause);
    }
    log.error("request failed unexpectedly", cause);
    return Status.INTERNAL.withDescription("internal error: " + cause.getClass().getSimpleName())
        .withCause(cause);
  }
}
