package dev.ratewise.loadtest;

import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends Envoy-shaped calls with async stubs over a few HTTP/2 connections, one channel each,
 * taken in turn, as Envoy multiplexes many streams over a few long-lived connections.
 */
final class CallSender implements AutoCloseable {
  /** Receives how one call ended; runs on a gRPC transport thread, so it must not block. */
  interface Listener {
    void onDone(Verdict verdict, Status.Code status);
  }

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<RateLimitServiceGrpc.RateLimitServiceStub> rateLimitStubs = new ArrayList<>();
  private final List<AuthorizationGrpc.AuthorizationStub> authorizationStubs = new ArrayList<>();
  private final Api api;
  private final EnvoyRequests requests;
  private final long timeoutNanos;
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param target host:port of the server
   * @param connections the number of HTTP/2 connections, at least 1
   * @param timeout the deadline of each call
   */
  CallSender(String target, int connections, Api api, EnvoyRequests requests, Duration timeout) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1, got " + connections);
    }
    this.api = api;
    this.requests = requests;
    this.timeoutNanos = timeout.toNanos();
    for (int i = 0; i < connections; i++) {
      ManagedChannel channel = NettyChannelBuilder.forTarget(target)
          .usePlaintext()
          .directExecutor()
          .build();
      channels.add(channel);
      rateLimitStubs.add(RateLimitServiceGrpc.newStub(channel));
      authorizationStubs.add(AuthorizationGrpc.newStub(channel));
    }
  }

  /**
   * Opens every connection and waits until each is ready or has failed, or until
   * {@code timeout} passes, so the first calls of a run do not pay for connection setup.
   * Returns whether all became ready; when not, the run goes on and its calls fail with the
   * transport's status.
   */
  boolean connect(Duration timeout) throws InterruptedException {
    CountDownLatch settled = new CountDownLatch(channels.size());
    AtomicBoolean allReady = new AtomicBoolean(true);
    for (ManagedChannel channel : channels) {
      awaitSettled(channel, settled, allReady);
    }
    return settled.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && allReady.get();
  }

  private static void awaitSettled(ManagedChannel channel, CountDownLatch settled,
      AtomicBoolean allReady) {
    ConnectivityState state = channel.getState(true);
    if (state == ConnectivityState.READY || state == ConnectivityState.TRANSIENT_FAILURE) {
      if (state == ConnectivityState.TRANSIENT_FAILURE) {
        allReady.set(false);
      }
      settled.countDown();
      return;
    }
    channel.notifyWhenStateChanged(state, () -> awaitSettled(channel, settled, allReady));
  }

  /** Sends one call for {@code caller}; {@code listener} hears how it ended. */
  void send(Caller caller, Listener listener) {
    long number = sequence.getAndIncrement();
    int channel = (int) (number % channels.size());
    if (api == Api.RLS) {
      rateLimitStubs.get(channel)
          .withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS)
          .shouldRateLimit(requests.rateLimit(caller), new Answer<>(listener,
              CallSender::verdictOf));
    } else {
      authorizationStubs.get(channel)
          .withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS)
          .check(requests.check(caller, number), new Answer<>(listener, CallSender::verdictOf));
    }
  }

  /** Envoy responds with 429 on OVER_LIMIT and lets every other overall code through. */
  static Verdict verdictOf(RateLimitResponse response) {
    return response.getOverallCode() == RateLimitResponse.Code.OVER_LIMIT
        ? Verdict.DENIED
        : Verdict.ALLOWED;
  }

  /** Envoy allows on status 0; a denial is a rate limit when its HTTP status is 429. */
  static Verdict verdictOf(CheckResponse response) {
    if (response.getStatus().getCode() == Status.Code.OK.value()) {
      return Verdict.ALLOWED;
    }
    boolean tooMany = response.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED.value()
        || response.getDeniedResponse().getStatus().getCode() == StatusCode.TooManyRequests;
    return tooMany ? Verdict.DENIED : Verdict.REJECTED;
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static final class Answer<T> implements StreamObserver<T> {
    private final Listener listener;
    private final java.util.function.Function<T, Verdict> classify;

    Answer(Listener listener, java.util.function.Function<T, Verdict> classify) {
      this.listener = listener;
      this.classify = classify;
    }

    @Override
    public void onNext(T response) {
      listener.onDone(classify.apply(response), Status.Code.OK);
    }

    @Override
    public void onError(Throwable error) {
      listener.onDone(Verdict.ERROR, Status.fromThrowable(error).getCode());
    }

    @Override
    public void onCompleted() {
      // A unary call has exactly one onNext or one onError, which ends it.
    }
  }
}
