package dev.ratewise.tuning;

import dev.ratewise.admin.AdminOperations;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.tuning.advisor.LimitAdvisor;
import dev.ratewise.tuning.forecast.SurgeForecast;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and runs the decision loop's parts: the audit trail, governance, the fleet (local, or
 * Redis when a URL is given), the loop and the admin operations. Closing stops them in order:
 * the loop, the fleet's polling, Redis, then the audit trail after its queue is written.
 */
public final class TuningModule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TuningModule.class);
  /** The audit database's file name inside the state folder. */
  public static final String AUDIT_FILE = "ratewise-audit.db";

  private final AuditLog audit;
  private final TuningLoop loop;
  private final TuningAdmin admin;
  private final ScheduledExecutorService fleetScheduler;
  private final Fleet fleet;
  private final RedisClient redisClient;

  /**
   * Options of the module.
   *
   * @param enabled whether the loop runs; false keeps the configured limits and only reads
   * @param interval the time between cycles; null takes the config's tuning.interval
   * @param stateDir the folder of the audit database
   * @param redisUrl a Lettuce URI for fleet coordination; null or blank runs alone
   * @param leaseTtl how long the fleet lease lasts unrenewed; null means three intervals
   * @param pollInterval how often a replica reads the fleet's limits and shares its counts
   */
  public record Options(boolean enabled, Duration interval, Path stateDir, String redisUrl,
      Duration leaseTtl, Duration pollInterval) {}

  private TuningModule(AuditLog audit, TuningLoop loop, TuningAdmin admin,
      ScheduledExecutorService fleetScheduler, Fleet fleet, RedisClient redisClient) {
    this.audit = audit;
    this.loop = loop;
    this.admin = admin;
    this.fleetScheduler = fleetScheduler;
    this.fleet = fleet;
    this.redisClient = redisClient;
  }

  /**
   * Builds the parts and, when enabled, starts the loop.
   *
   * @param advisor the advisor the loop calls; see the construction point in {@code Ratewise}
   * @param forecast the surge forecast the loop calls
   * @param explainer the model behind Explain; null makes Explain use the template
   * @throws IOException when the audit database cannot be opened
   */
  public static TuningModule start(Options options, LimitsHolder limits, Telemetry telemetry,
      LimitAdvisor advisor, SurgeForecast forecast, ModelExplainer explainer,
      TuningObserver observer, Clock clock) throws IOException {
    AuditLog audit = AuditLog.open(options.stateDir().resolve(AUDIT_FILE));
    RedisClient redisClient = null;
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ratewise-fleet");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Duration interval = options.interval() != null
          ? options.interval() : limits.current().config().tuning().interval();
      Fleet fleet = new LocalFleet(limits);
      TrafficCounts counts = telemetry;
      if (options.redisUrl() != null && !options.redisUrl().isBlank() && options.enabled()) {
        redisClient = RedisClient.create(options.redisUrl());
        StatefulRedisConnection<String, String> connection = redisClient.connect();
        Duration leaseTtl = options.leaseTtl() != null ? options.leaseTtl()
            : interval.multipliedBy(3);
        RedisFleet redisFleet = new RedisFleet(connection, "ratewise:tuning:", replicaId(),
            leaseTtl, limits);
        RedisTraffic traffic = new RedisTraffic(connection, "ratewise:traffic:", telemetry,
            clock);
        long poll = Math.max(1, options.pollInterval().toMillis());
        scheduler.scheduleWithFixedDelay(() -> runQuietly(redisFleet::poll, "poll"), 0, poll,
            TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> runQuietly(traffic::flush, "flush"), poll, poll,
            TimeUnit.MILLISECONDS);
        fleet = redisFleet;
        counts = traffic;
      }
      Governance governance = new Governance(limits, audit, fleet, clock, observer);
      TuningLoop loop = null;
      if (options.enabled()) {
        loop = new TuningLoop(limits, telemetry, counts, forecast, advisor, governance, audit,
            fleet, observer, clock);
        loop.start(interval);
      } else {
        log.info("tuning is switched off; limits stay at their configured values");
      }
      TuningAdmin admin = new TuningAdmin(limits, governance, audit, telemetry, counts, loop,
          explainer);
      return new TuningModule(audit, loop, admin, scheduler, fleet, redisClient);
    } catch (RuntimeException e) {
      scheduler.shutdownNow();
      if (redisClient != null) {
        redisClient.shutdown();
      }
      audit.close();
      throw e;
    }
  }

  public AdminOperations admin() {
    return admin;
  }

  /** Returns the loop; null when tuning is switched off. */
  public TuningLoop loop() {
    return loop;
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
    fleetScheduler.shutdownNow();
    fleet.close();
    if (redisClient != null) {
      redisClient.shutdown();
    }
    audit.close();
  }

  private static void runQuietly(Runnable task, String name) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("fleet {} failed; it runs again at the next tick", name, e);
    }
  }

  private static String replicaId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "replica");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
