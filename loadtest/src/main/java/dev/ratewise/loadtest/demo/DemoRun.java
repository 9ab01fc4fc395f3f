package dev.ratewise.loadtest.demo;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.RuleLimit;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.config.ConfigException;
import dev.ratewise.loadtest.demo.DemoScenario.Phase;
import dev.ratewise.loadtest.demo.DemoScenario.Tenant;
import dev.ratewise.loadtest.demo.DemoScenario.TierRule;
import dev.ratewise.loadtest.demo.RunResult.Event;
import dev.ratewise.loadtest.demo.RunResult.LimitSample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a scenario once against a ratewise started in this process on loopback ports, with
 * tuning on (adaptive) or off (static), and records what happened. Admin calls that fail are
 * noted in the result rather than ending the run, so a missing endpoint shows in the report.
 */
final class DemoRun {
  private static final Logger log = LoggerFactory.getLogger(DemoRun.class);
  /** Maximum tuning cycles one audit read requests; a run of minutes makes far fewer. */
  private static final int MAX_CYCLES = 10_000;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private final DemoScenario scenario;
  private final Path config;
  private final Path stateDir;
  private final boolean adaptive;
  private final double capacityRps;
  private final Clock clock;
  private final List<LimitSample> limits = Collections.synchronizedList(new ArrayList<>());
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private long startMillis;

  DemoRun(DemoScenario scenario, Path config, Path stateDir, boolean adaptive, double capacityRps,
      Clock clock) {
    this.scenario = scenario;
    this.config = config;
    this.stateDir = stateDir;
    this.adaptive = adaptive;
    this.capacityRps = capacityRps;
    this.clock = clock;
  }

  /** Starts ratewise, replays the scenario in real time, and stops ratewise. */
  RunResult run() throws ConfigException, IOException, InterruptedException {
    String mode = adaptive ? "adaptive" : "static";
    SimulatedBackend backend = new SimulatedBackend(capacityRps,
        scenario.backend().latency(), scenario.backend().overloadLatency());
    TrafficLog traffic = new TrafficLog();
    List<TuningCycle> cycles = List.of();
    log.info("{} run of scenario {} starting: {} s", mode, scenario.name(),
        scenario.length().toSeconds());
    try (Ratewise ratewise = Ratewise.start(settings(), clock);
        CheckCaller caller = new CheckCaller("127.0.0.1", ratewise.grpcPort(),
            scenario.checkTimeout())) {
      AdminClient admin = new AdminClient("127.0.0.1", ratewise.httpPort(), ADMIN_TIMEOUT);
      replay(caller, admin, backend, traffic);
      cycles = readCycles(admin);
    }
    log.info("{} run finished: {} tuning cycles, {} overload seconds", mode, cycles.size(),
        backend.overloadSeconds());
    return new RunResult(mode, startMillis, traffic, backend, List.copyOf(limits), cycles,
        List.copyOf(events), List.copyOf(notes));
  }

  private ServerSettings settings() {
    ServerSettings base = ServerSettings.forTests(config, stateDir);
    ServerSettings.TuningSettings tuning = new ServerSettings.TuningSettings(adaptive,
        scenario.tuningInterval(), "off", base.tuning().model(), base.tuning().advisorTimeout(),
        stateDir);
    return new ServerSettings(base.configPath(), base.grpcPort(), base.httpPort(),
        base.bindAddress(), base.redisUrl(), base.limiter(), base.responseHeaders(),
        base.configPollInterval(), base.maxInboundMessageBytes(), base.keepAlivePermit(),
        base.maxConnectionAge(), base.maxConnectionAgeGrace(), base.shutdownGrace(), tuning,
        base.adminToken());
  }

  private void replay(CheckCaller caller, AdminClient admin, SimulatedBackend backend,
      TrafficLog traffic) throws InterruptedException {
    // Three threads, so the pacer keeps one while the limit sampler and the approver each wait
    // on an admin call.
    ScheduledExecutorService executor = Executors.newScheduledThreadPool(3, runnable -> {
      Thread thread = new Thread(runnable, "demo-" + (adaptive ? "adaptive" : "static"));
      thread.setDaemon(true);
      return thread;
    });
    CountDownLatch finished = new CountDownLatch(1);
    // Starting on a whole second of the clock makes each second of the run one window of the
    // limiter's per-second limits, so the backend's seconds and the limits' seconds coincide.
    long now = clock.millis();
    startMillis = (now / 1_000 + 1) * 1_000;
    long lead = startMillis - now;
    try {
      new TrafficPacer(scenario, clock, startMillis,
          tenant -> send(caller, tenant, backend, traffic)).start(executor, lead);
      long sampleMillis = scenario.sampleInterval().toMillis();
      executor.scheduleAtFixedRate(() -> sampleLimits(admin), lead, sampleMillis,
          TimeUnit.MILLISECONDS);
      schedulePhaseActions(executor, admin, lead);
      executor.schedule(finished::countDown, lead + scenario.length().toMillis(),
          TimeUnit.MILLISECONDS);
      finished.await();
    } finally {
      executor.shutdownNow();
    }
    awaitInFlight();
  }

  private void send(CheckCaller caller, Tenant tenant, SimulatedBackend backend,
      TrafficLog traffic) {
    long second = (clock.millis() - startMillis) / 1_000;
    inFlight.incrementAndGet();
    caller.check(tenant, verdict -> {
      boolean backendError =
          verdict == CheckCaller.Verdict.ALLOWED && backend.serve(second).error();
      traffic.record(tenant.tier(), second, verdict, backendError);
      inFlight.decrementAndGet();
    });
  }

  private void awaitInFlight() throws InterruptedException {
    long deadline = clock.millis() + DRAIN_TIMEOUT.toMillis();
    while (inFlight.get() > 0 && clock.millis() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    if (inFlight.get() > 0) {
      notes.add(inFlight.get() + " Check calls were still in flight when the run ended");
    }
  }

  private void schedulePhaseActions(ScheduledExecutorService executor, AdminClient admin,
      long lead) {
    for (Phase phase : scenario.phases()) {
      long start = lead + scenario.startOf(phase).toMillis();
      if (phase.init()) {
        executor.schedule(() -> init(admin), start, TimeUnit.MILLISECONDS);
      }
      if (phase.approvePending()) {
        long end = scenario.startOf(phase).plus(phase.length()).toMillis();
        executor.scheduleAtFixedRate(() -> approvePending(admin, end), start, 1_000,
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private void init(AdminClient admin) {
    if (!adaptive) {
      event("init skipped: tuning is off, so the configured limits stay");
      return;
    }
    try {
      admin.init();
      event("POST /admin/init ran one tuning cycle");
    } catch (IOException e) {
      note("POST /admin/init failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void approvePending(AdminClient admin, long phaseEndMillis) {
    if (!adaptive || clock.millis() - startMillis >= phaseEndMillis) {
      return;
    }
    try {
      for (Approval approval : admin.pendingApprovals()) {
        admin.approve(approval.getId(), "approved by the demo scenario");
        event("approved " + approval.getRule() + ": " + approval.getFrom() + " -> "
            + approval.getTo());
      }
    } catch (IOException e) {
      note("approving pending changes failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sampleLimits(AdminClient admin) {
    double offset = (clock.millis() - startMillis) / 1_000.0;
    try {
      Map<String, RuleLimit> byName = new LinkedHashMap<>();
      for (RuleLimit limit : admin.limits()) {
        byName.put(limit.getName(), limit);
      }
      Map<String, Long> byTier = new LinkedHashMap<>();
      for (TierRule tier : scenario.tiers()) {
        RuleLimit limit = byName.get(tier.rule());
        if (limit != null) {
          byTier.put(tier.name(), limit.getEffective());
        }
      }
      limits.add(new LimitSample(offset, byTier));
    } catch (IOException e) {
      note("GET /admin/limits failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private List<TuningCycle> readCycles(AdminClient admin) throws InterruptedException {
    try {
      List<TuningCycle> cycles = new ArrayList<>(admin.decisions(MAX_CYCLES));
      cycles.sort(Comparator.comparing(cycle -> cycle.getStartedAt().getSeconds() * 1_000_000_000L
          + cycle.getStartedAt().getNanos()));
      return cycles;
    } catch (IOException e) {
      note("GET /admin/decisions failed: " + e.getMessage());
      return List.of();
    }
  }

  private void event(String text) {
    events.add(new Event((clock.millis() - startMillis) / 1_000.0, text));
  }

  /** Keeps one note per distinct problem, so a failing endpoint polled each second is one line. */
  private void note(String text) {
    synchronized (notes) {
      if (!notes.contains(text)) {
        log.warn("{} run: {}", adaptive ? "adaptive" : "static", text);
        notes.add(text);
      }
    }
  }
}
