package dev.ratewise.envoy;

import dev.ratewise.config.RatewiseConfig;
import dev.ratewise.identity.IdentityResolver;
import dev.ratewise.identity.KeyDirectory;
import dev.ratewise.limit.Limiter;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.local.LocalCounterStore;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Check on an in-process gRPC server over the real {@link Limiter}, for tests that need to set
 * the store, the key directory or the clock.
 */
final class CheckHarness implements AutoCloseable {
  final LimitsHolder limits;
  final AuthorizationGrpc.AuthorizationBlockingStub stub;
  /** Counts responses the server sent, including none for calls dropped after the deadline. */
  final AtomicInteger responsesSent = new AtomicInteger();
  /** Counts down each time a Check finished its work, sent or dropped. */
  volatile CountDownLatch checksFinished = new CountDownLatch(1);

  private final LocalCounterStore localStore;
  private final Server server;
  private final ManagedChannel channel;

  CheckHarness(RatewiseConfig config, CounterStore store, LimiterSettings settings,
      KeyDirectory keys, Clock clock) throws IOException {
    this.limits = new LimitsHolder(Limits.compile(config));
    this.localStore = new LocalCounterStore(clock);
    CounterStore counters = store == null ? localStore : store;
    Limiter limiter = new Limiter(limits, counters, localStore, settings,
        new DegradedMode(settings.failurePolicy()), clock, new SplittableRandom(7),
        LimiterObserver.NONE);
    AuthorizationCheck check = new AuthorizationCheck(limiter, () -> limits.current().config(),
        new IdentityResolver(() -> limits.current().config(), keys));
    RpcObserver finished = (rpc, nanos) -> checksFinished.countDown();
    String name = InProcessServerBuilder.generateName();
    this.server = InProcessServerBuilder.forName(name)
        .directExecutor()
        .addService(ServerInterceptors.intercept(new AuthorizationGrpcService(check, finished),
            new SendCounter()))
        .build()
        .start();
    this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    this.stub = AuthorizationGrpc.newBlockingStub(channel);
  }

  static CheckHarness local(RatewiseConfig config, Clock clock) throws IOException {
    return new CheckHarness(config, null, LimiterSettings.defaults(), KeyDirectory.NONE, clock);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    localStore.close();
  }

  private final class SendCounter implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
        @Override
        public void sendMessage(R message) {
          responsesSent.incrementAndGet();
          super.sendMessage(message);
        }
      }, headers);
    }
  }
}
