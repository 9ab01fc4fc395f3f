package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.config.AdaptiveSpec;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.Unit;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Outcome;
import dev.ratewise.limit.Rule;
import dev.ratewise.limit.TunedLimit;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.testing.RedisServer;
import dev.ratewise.testing.RedisServerExtension;
import dev.ratewise.tuning.advisor.Advice;
import dev.ratewise.tuning.advisor.LimitAdvisor;
import dev.ratewise.tuning.advisor.Proposal;
import dev.ratewise.tuning.advisor.TuningContext;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import dev.ratewise.tuning.forecast.SurgeForecast;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas coordinated through a real redis-server: the lease, the shared tuned limits and
 * the shared traffic counts. The advisor and forecast are fixed fakes of our own interfaces.
 */
class RedisFleetTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
  private static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";
  private static final Duration DEADLINE = Duration.ofSeconds(15);

  @TempDir Path folder;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private TuningModule first;
  private TuningModule second;

  /** Proposes 20 for the enterprise rule and the current limit elsewhere. */
  private static final LimitAdvisor FIXED_ADVISOR = new LimitAdvisor() {
    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public Advice propose(TuningContext context) {
      return new Advice(new Proposal(Map.of(ENTERPRISE, 20.0), 0.9, "fixed"), name(), "", "", "",
          0);
    }
  };
  private static final SurgeForecast NORMAL = window ->
      new Forecast(0, 0, SurgeClass.NORMAL, 0);

  @BeforeEach
  void setUp() {
    RedisServer server = REDIS.server();
    client = RedisClient.create(server.url());
    connection = client.connect();
    connection.sync().flushall();
  }

  @AfterEach
  void tearDown() {
    for (TuningModule module : new TuningModule[] {first, second}) {
      if (module != null) {
        module.close();
      }
    }
    connection.close();
    client.shutdown();
  }

  private TuningModule replica(String name, LimitsHolder limits) throws Exception {
    TuningModule.Options options = new TuningModule.Options(true, Duration.ofMillis(100),
        folder.resolve(name), REDIS.server().url(), Duration.ofMillis(600),
        Duration.ofMillis(50));
    return TuningModule.start(options, limits, new Telemetry(Clock.systemUTC()), FIXED_ADVISOR,
        NORMAL, null, TuningObserver.NONE, Clock.systemUTC());
  }

  private static LimitsHolder bundledLimits() throws Exception {
    return new LimitsHolder(Limits.compile(ConfigLoader.loadBundledExample()));
  }

  private static void await(String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + description);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  @Test
  void twoReplicas_followerTakesOver() throws Exception {
    LimitsHolder leaderLimits = bundledLimits();
    LimitsHolder followerLimits = bundledLimits();
    first = replica("first", leaderLimits);
    await("the first replica leads", () -> first.loop().leading());

    second = replica("second", followerLimits);
    await("the follower applies the leader's limit", () ->
        followerLimits.current().rules().get(ENTERPRISE).requestsPerUnit() == 20);
    boolean secondLeadsWhileFirstRuns = second.loop().fleet().leads();
    TunedLimit followed = followerLimits.current().tuned(ENTERPRISE).orElseThrow();
    first.close();
    first = null;

    assertFalse(secondLeadsWhileFirstRuns);
    assertEquals("tuning", followed.source());
    assertEquals("fixed", followed.setBy());
    await("the second replica takes over after the lease expires",
        () -> second.loop().leading());
  }

  @Test
  void trafficCounts_sumEveryReplica() {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Telemetry firstReplica = new Telemetry(clock);
    Telemetry secondReplica = new Telemetry(clock);
    RedisTraffic oneShared = new RedisTraffic(connection, "test:traffic:", firstReplica, clock);
    RedisTraffic twoShared = new RedisTraffic(connection, "test:traffic:", secondReplica, clock);
    Rule rule = new Rule(ENTERPRISE, "", 15, 15, Unit.SECOND, false, false, false, List.of(),
        new AdaptiveSpec(15, 120, 0.2), false);
    long second = clock.millis() / 1000;

    firstReplica.onDescriptor("ratewise", Descriptor.of("tier", "enterprise", "tenant", "acme"), rule,
        Outcome.OK, 5, true);
    secondReplica.onDescriptor("ratewise", Descriptor.of("tier", "enterprise", "tenant", "globex"), rule,
        Outcome.OVER_LIMIT, 3, false);
    clock.advance(Duration.ofSeconds(1));
    oneShared.flush();
    twoShared.flush();
    oneShared.flush();
    long[][] fleet = oneShared.perSecond(ENTERPRISE, second, 2);

    assertArrayEquals(new long[] {8, 0}, fleet[TrafficCounts.HITS]);
    assertArrayEquals(new long[] {5, 0}, fleet[TrafficCounts.ALLOWED]);
    assertArrayEquals(new long[] {3, 0}, fleet[TrafficCounts.DENIED]);
  }

  @Test
  void publisherPoll_keepsOwnSnapshot() throws Exception {
    LimitsHolder limits = bundledLimits();
    RedisFleet fleet = new RedisFleet(connection, "test:tuning:", "replica-a",
        Duration.ofSeconds(5), limits);
    fleet.publish(Map.of(ENTERPRISE, new TunedLimit(30, "tuning", "fixed",
        Instant.parse("2026-01-01T00:00:00.123456789Z"))));
    Limits published = limits.current();

    fleet.poll();

    assertSame(published, limits.current());
    assertEquals(30, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
  }

  @Test
  void tunedLimitEncoding_roundTripsFreeTextActor() {
    TunedLimit tuned = new TunedLimit(45, "approval", "operator:a\tb",
        Instant.parse("2026-01-01T00:00:01Z"));

    TunedLimit decoded = RedisFleet.decode(RedisFleet.encode(tuned));

    assertEquals(tuned, decoded);
  }
}
