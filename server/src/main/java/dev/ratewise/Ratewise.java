package dev.ratewise;

import dev.ratewise.admin.AdminGrpcService;
import dev.ratewise.admin.AdminOperations;
import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.ConfigWatcher;
import dev.ratewise.config.RatewiseConfig;
import dev.ratewise.envoy.AuthorizationCheck;
import dev.ratewise.envoy.AuthorizationGrpcService;
import dev.ratewise.envoy.RateLimitGrpcService;
import dev.ratewise.envoy.TolerantUtf8;
import dev.ratewise.identity.IdentityResolver;
import dev.ratewise.identity.KeyDirectory;
import dev.ratewise.limit.Limiter;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.metrics.RatewiseMetrics;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.tuning.ModelExplainer;
import dev.ratewise.tuning.ModelExplainers;
import dev.ratewise.tuning.advisor.FallbackAdvisor;
import dev.ratewise.tuning.advisor.LimitAdvisor;
import dev.ratewise.tuning.advisor.OllamaEndpoint;
import dev.ratewise.tuning.forecast.SurgeForecasts;
import dev.ratewise.tuning.Telemetry;
import dev.ratewise.tuning.TuningModule;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sidecar: builds every part from {@link ServerSettings}, starts them, and stops
 * them in order: stop accepting, drain in-flight calls, stop background work, close the store.
 */
public final class Ratewise implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ratewise.class);

  private final ServerSettings settings;
  private final Clock clock;
  private final RatewiseConfig initialConfig;
  private final LimitsHolder limits;
  private final LocalCounterStore localStore;
  private final CounterStore store;
  private final DegradedMode degraded;
  private final Limiter limiter;
  private final KeyDirectory keyDirectory;
  private final AuthorizationCheck authorization;
  private final Telemetry telemetry;
  private final RatewiseMetrics metrics;
  private AdminOperations adminOperations;
  private final Function<LimitsHolder, AdminOperations> adminFactory;
  private final ExecutorService adminExecutor;
  private final HealthStatusManager health = new HealthStatusManager();
  private final ScheduledExecutorService background;
  private Server grpcServer;
  private Javalin httpServer;
  private ConfigWatcher configWatcher;
  private TuningModule tuning;
  private volatile boolean storeReachable;

  private Ratewise(ServerSettings settings, Clock clock,
      Function<LimitsHolder, AdminOperations> admin) throws ConfigException {
    this.settings = settings;
    this.clock = clock;
    this.initialConfig = settings.configPath() == null
        ? ConfigLoader.loadBundledExample()
        : ConfigLoader.load(settings.configPath());
    this.limits = new LimitsHolder(Limits.compile(initialConfig));
    this.localStore = new LocalCounterStore(clock);
    this.store = Stores.open(settings.redisUrl(), settings.redisCluster(),
        settings.limiter().storeTimeout(), localStore);
    this.degraded = new DegradedMode(settings.limiter().failurePolicy());
    this.telemetry = new Telemetry(clock);
    this.metrics = new RatewiseMetrics(clock, limits, degraded);
    this.limiter = new Limiter(limits, store, localStore, settings.limiter(), degraded, clock,
        new SplittableRandom(), LimiterObserver.all(telemetry, metrics.limiterObserver()));
    this.keyDirectory = KeyDirectories.open(settings.redisUrl(), limits, clock);
    this.authorization = new AuthorizationCheck(limiter, () -> limits.current().config(),
        new IdentityResolver(() -> limits.current().config(), keyDirectory));
    this.adminFactory = admin;
    this.adminExecutor = Executors.newFixedThreadPool(2, daemonThreads("ratewise-admin"));
    this.background = Executors.newScheduledThreadPool(1, daemonThreads("ratewise-background"));
  }

  /** Builds and starts ratewise. Fails on a bad config or a port in use. */
  public static Ratewise start(ServerSettings settings, Clock clock)
      throws ConfigException, IOException {
    return start(settings, clock, null);
  }

  /**
   * Builds and starts ratewise with the admin API served by the given operations, which are
   * built from the live limits.
   */
  public static Ratewise start(ServerSettings settings, Clock clock,
      Function<LimitsHolder, AdminOperations> admin) throws ConfigException, IOException {
    Ratewise ratewise = new Ratewise(settings, clock, admin);
    try {
      ratewise.startServers();
    } catch (IOException | RuntimeException e) {
      ratewise.close();
      throw e;
    }
    return ratewise;
  }

  private void startServers() throws IOException {
    tuning = startTuning();
    adminOperations = adminFactory == null ? tuning.admin() : adminFactory.apply(limits);
    grpcServer = NettyServerBuilder
        .forAddress(new InetSocketAddress(settings.bindAddress(), settings.grpcPort()))
        .directExecutor()
        .permitKeepAliveTime(settings.keepAlivePermit().toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionAge(settings.maxConnectionAge().toMillis(), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(settings.maxConnectionAgeGrace().toMillis(), TimeUnit.MILLISECONDS)
        .maxInboundMessageSize(settings.maxInboundMessageBytes())
        .addService(TolerantUtf8.wrap(new RateLimitGrpcService(limiter,
            settings.responseHeaders(), metrics.rpcObserver()).bindService()))
        .addService(TolerantUtf8.wrap(
            new AuthorizationGrpcService(authorization, metrics.rpcObserver()).bindService()))
        .addService(AdminGrpcService.create(adminOperations, settings.adminToken(), adminExecutor))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .build()
        .start();
    httpServer = HttpEndpoints.start(settings, this);
    startBackgroundWork();
    log.info("ratewise serving config {} on {} store; gRPC on {}:{}, HTTP on {}:{}",
        String.join(", ", initialConfig.sources()), store.describe(), settings.bindAddress(),
        grpcPort(), settings.bindAddress(), httpPort());
  }

  private void startBackgroundWork() {
    background.scheduleWithFixedDelay(localStore::sweep, 1, 1, TimeUnit.SECONDS);
    background.scheduleWithFixedDelay(this::checkStore, 0, 1, TimeUnit.SECONDS);
    background.scheduleAtFixedRate(metrics.timeline()::sample, 0, 1, TimeUnit.SECONDS);
    if (settings.configPath() != null) {
      configWatcher = new ConfigWatcher(settings.configPath(), limits::publishConfig,
          metrics.configReloadListener());
      configWatcher.start(background, settings.configPollInterval().toMillis());
    }
  }

  private TuningModule startTuning() throws IOException {
    ServerSettings.TuningSettings tuningSettings = settings.tuning();
    Path stateDir = tuningSettings.stateDir() == null ? Path.of("data") : tuningSettings.stateDir();
    TuningModule.Options options = new TuningModule.Options(tuningSettings.enabled(),
        tuningSettings.interval(), stateDir, settings.redisUrl(), null,
        java.time.Duration.ofSeconds(1));
    LimitAdvisor advisor = FallbackAdvisor.create(tuningSettings.ollamaUrl(),
        tuningSettings.model(), tuningSettings.advisorTimeout(), clock);
    ModelExplainer explainer = FallbackAdvisor.isModelOff(tuningSettings.ollamaUrl())
        ? null
        : ModelExplainers.overSummaries(dev.ratewise.tuning.advisor.ModelExplainer.create(
            new OllamaEndpoint(tuningSettings.ollamaUrl().trim(), tuningSettings.model(),
                tuningSettings.advisorTimeout())));
    return TuningModule.start(options, limits, telemetry, advisor, SurgeForecasts.robustTrend(),
        explainer, metrics.tuningObserver(), clock);
  }

  private void checkStore() {
    try {
      store.ping().get(1, TimeUnit.SECONDS);
      storeReachable = true;
    } catch (Exception e) {
      storeReachable = false;
    }
    health.setStatus("", isReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  /**
   * Returns whether ratewise can serve: the config is loaded and the store is reachable, or a
   * failure policy other than {@code error} lets it respond without the store.
   */
  public boolean isReady() {
    return storeReachable || settings.limiter().failurePolicy() != FailurePolicy.ERROR;
  }

  public int grpcPort() {
    return grpcServer.getPort();
  }

  public int httpPort() {
    return httpServer.port();
  }

  public LimitsHolder limits() {
    return limits;
  }

  public Limiter limiter() {
    return limiter;
  }

  public DegradedMode degradedMode() {
    return degraded;
  }

  public Clock clock() {
    return clock;
  }

  /** Returns the ext_authz check shared by gRPC Check and HTTP /ext_authz. */
  public AuthorizationCheck authorization() {
    return authorization;
  }

  /** Returns the operator API of the decision loop, for the admin gRPC and HTTP adapters. */
  public AdminOperations admin() {
    return tuning.admin();
  }

  public Telemetry telemetry() {
    return telemetry;
  }

  public RatewiseMetrics metrics() {
    return metrics;
  }

  public AdminOperations adminOperations() {
    return adminOperations;
  }

  /** Blocks until the gRPC server stops. */
  public void awaitTermination() throws InterruptedException {
    grpcServer.awaitTermination();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    if (grpcServer != null) {
      grpcServer.shutdown();
      try {
        if (!grpcServer.awaitTermination(settings.shutdownGrace().toMillis(),
            TimeUnit.MILLISECONDS)) {
          grpcServer.shutdownNow();
        }
      } catch (InterruptedException e) {
        grpcServer.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (httpServer != null) {
      httpServer.stop();
    }
    if (configWatcher != null) {
      configWatcher.close();
    }
    if (tuning != null) {
      tuning.close();
    }
    background.shutdownNow();
    adminExecutor.shutdownNow();
    metrics.close();
    store.close();
    keyDirectory.close();
    localStore.close();
  }

  static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
