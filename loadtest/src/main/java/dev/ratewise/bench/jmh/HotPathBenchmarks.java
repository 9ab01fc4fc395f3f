package dev.ratewise.bench.jmh;

import dev.ratewise.config.ConfigLoader;
import dev.ratewise.envoy.RateLimitGrpcService;
import dev.ratewise.envoy.RpcObserver;
import dev.ratewise.limit.CounterKeys;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Entry;
import dev.ratewise.limit.LimitRequest;
import dev.ratewise.limit.LimitResponse;
import dev.ratewise.limit.Limiter;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.local.LocalCounterStore;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The steps of one ShouldRateLimit decision, each alone and together, on the in-process store.
 * Tenants cycle through {@value #TENANTS} values, so lookups and counters are not all one key.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmarks {
  static final int TENANTS = 10_000;
  private static final long WINDOW_START = 1_700_000_000L;

  private Limits limits;
  private List<Entry>[] entries;
  private LimitRequest[] allowed;
  private LimitRequest[] overLimit;
  private RateLimitRequest[] envoyRequests;
  private LocalCounterStore store;
  private Limiter limiter;
  private RateLimitGrpcService service;
  private Discard discard;
  private int next;

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp(Blackhole blackhole) throws Exception {
    limits = Limits.compile(ConfigLoader.loadTexts(configTexts()));
    entries = new List[TENANTS];
    allowed = new LimitRequest[TENANTS];
    envoyRequests = new RateLimitRequest[TENANTS];
    for (int i = 0; i < TENANTS; i++) {
      entries[i] = List.of(new Entry("tier", "enterprise"), new Entry("tenant", "tenant-" + i));
      allowed[i] = new LimitRequest("bench", List.of(Descriptor.of("d0", "tenant-" + i)), 0);
      envoyRequests[i] = RateLimitRequest.newBuilder().setDomain("bench")
          .addDescriptors(RateLimitDescriptor.newBuilder().addEntries(
              RateLimitDescriptor.Entry.newBuilder().setKey("d0").setValue("tenant-" + i)))
          .build();
    }
    overLimit = new LimitRequest[] {
        new LimitRequest("bench", List.of(Descriptor.of("hot", "one")), 0)};

    Clock clock = Clock.systemUTC();
    store = new LocalCounterStore(clock);
    LimiterSettings settings = LimiterSettings.defaults();
    limiter = new Limiter(new LimitsHolder(limits), store, store, settings,
        new DegradedMode(settings.failurePolicy()), clock, new SplittableRandom(1),
        LimiterObserver.NONE);
    service = new RateLimitGrpcService(limiter, false, RpcObserver.NONE);
    discard = new Discard(blackhole);
  }

  @TearDown(Level.Iteration)
  public void sweep() {
    store.sweep();
  }

  private int nextTenant() {
    int tenant = next;
    next = tenant + 1 == TENANTS ? 0 : tenant + 1;
    return tenant;
  }

  /** Finds the rule of {@code [tier=enterprise, tenant=...]} in the compiled tree. */
  @Benchmark
  public Rule match() {
    return limits.match("ratewise", entries[nextTenant()]);
  }

  /** Builds the counter key of one descriptor and window. */
  @Benchmark
  public String counterKey() {
    return CounterKeys.build("ratewise", entries[nextTenant()], 1, WINDOW_START);
  }

  /** Decides one allowed descriptor: match, key, count in the store, build the response. */
  @Benchmark
  public LimitResponse checkAllowed() {
    return limiter.check(allowed[nextTenant()]).join();
  }

  /** Decides one descriptor that the over-limit cache decides without the store. */
  @Benchmark
  public LimitResponse checkOverLimitCached() {
    return limiter.check(overLimit[0]).join();
  }

  /** Runs the whole gRPC handler without the transport: convert, decide, build the response. */
  @Benchmark
  public void shouldRateLimit() {
    service.shouldRateLimit(envoyRequests[nextTenant()], discard);
  }

  private static Map<String, String> configTexts() throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("ratewise.yaml", resource(ConfigLoader.BUNDLED_EXAMPLE));
    texts.put("bench.yaml", resource("bench/bench.yaml"));
    return texts;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HotPathBenchmarks.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Hands every response to JMH's blackhole, so the JIT cannot drop the work. */
  private static final class Discard implements StreamObserver<RateLimitResponse> {
    private final Blackhole blackhole;

    Discard(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void onNext(RateLimitResponse response) {
      blackhole.consume(response);
    }

    @Override
    public void onError(Throwable error) {
      blackhole.consume(error);
    }

    @Override
    public void onCompleted() {}
  }
}
