package dev.ratewise.tuning;

import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.ProposedLimit;
import dev.ratewise.admin.v1.RuleForecast;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.config.TuningSpec;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.tuning.advisor.Advice;
import dev.ratewise.tuning.advisor.AdvisorException;
import dev.ratewise.tuning.advisor.LimitAdvisor;
import dev.ratewise.tuning.advisor.Proposal;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import dev.ratewise.tuning.advisor.TuningContext;
import dev.ratewise.tuning.forecast.DemandWindow;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import dev.ratewise.tuning.forecast.SurgeForecast;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision loop. Each cycle snapshots telemetry, forecasts every adaptive rule, calls the
 * advisor, guards the proposal, lets {@link Governance} apply or hold each change, and audits
 * the whole cycle. Only the fleet's leader runs scheduled cycles. A cycle that throws is logged
 * and audited and the next one runs as usual.
 */
public final class TuningLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TuningLoop.class);

  private final LimitsHolder limits;
  private final RuleSnapshots snapshots;
  private final SurgeForecast forecast;
  private final LimitAdvisor advisor;
  private final Governance governance;
  private final AuditLog audit;
  private final Fleet fleet;
  private final TuningObserver observer;
  private final Clock clock;
  private final AtomicLong cycleNumber;
  private final ScheduledExecutorService scheduler;
  private volatile boolean leading;

  public TuningLoop(LimitsHolder limits, Telemetry telemetry, TrafficCounts counts,
      SurgeForecast forecast, LimitAdvisor advisor, Governance governance, AuditLog audit,
      Fleet fleet, TuningObserver observer, Clock clock) {
    this.limits = limits;
    this.snapshots = new RuleSnapshots(telemetry, counts);
    this.forecast = forecast;
    this.advisor = advisor;
    this.governance = governance;
    this.audit = audit;
    this.fleet = fleet;
    this.observer = observer;
    this.clock = clock;
    this.cycleNumber = new AtomicLong(audit.count(AuditKind.AUDIT_KIND_TUNING_CYCLE));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "ratewise-tuning");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts scheduled cycles, one every {@code interval} after the previous one ends. */
  public void start(Duration interval) {
    long millis = Math.max(1, interval.toMillis());
    // NOTE: a reloaded config's tuning.interval takes effect only after a restart.
    scheduler.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    log.info("tuning loop started: a cycle every {} with advisor {}", interval, advisor.name());
  }

  /** Returns whether this replica led the fleet at its last scheduled tick. */
  public boolean leading() {
    return leading;
  }

  public Fleet fleet() {
    return fleet;
  }

  private void tick() {
    try {
      boolean leadsNow = fleet.leads();
      if (leadsNow != leading) {
        log.info("this replica {} the tuning leader", leadsNow ? "is now" : "is no longer");
        leading = leadsNow;
      }
      if (leadsNow) {
        runCycle();
      }
    } catch (RuntimeException e) {
      // Never let an exception cancel the schedule.
      log.error("tuning tick failed; the next one runs as scheduled", e);
    }
  }

  /**
   * Runs one cycle now and returns it as audited. A failure inside the cycle is logged and
   * audited instead of thrown.
   */
  public synchronized TuningCycle runCycle() {
    String id = String.format("cyc-%07d", cycleNumber.incrementAndGet());
    TuningSpec spec = limits.current().config().tuning();
    TuningCycle.Builder cycle = TuningCycle.newBuilder().setId(id)
        .setStartedAt(Timestamps.fromMillis(clock.millis())).setOperatorContext(spec.context());
    double confidence = 0;
    String rationale = "";
    try {
      Advice advice = decide(cycle, spec);
      if (advice != null) {
        confidence = advice.proposal().confidence();
        rationale = advice.proposal().rationale();
      }
    } catch (RuntimeException e) {
      log.error("tuning cycle {} failed; limits unchanged", id, e);
      cycle.setFallbackReason("CYCLE_FAILED: " + e);
    }

    TuningCycle done = cycle.build();
    audit.append(AuditRecord.newBuilder().setTime(done.getStartedAt())
        .setKind(AuditKind.AUDIT_KIND_TUNING_CYCLE)
        .setActor(done.getAdvisor().isEmpty() ? "system" : done.getAdvisor()).setCycle(done)
        .build());
    observer.onCycle(id, done.getAdvisor(), confidence, rationale);
    return done;
  }

  /** Fills the cycle: forecast, advice, guardrails, governance. Returns null without advice. */
  private Advice decide(TuningCycle.Builder cycle, TuningSpec spec) {
    Limits snapshot = limits.current();
    Map<String, Forecast> forecasts = forecast(snapshot, cycle);
    List<RuleSnapshot> rules = snapshots.snapshots(snapshot, forecasts);
    TuningContext context = new TuningContext(clock.instant(), rules, spec.capacityRps(),
        spec.horizon().toSeconds(), spec.context());

    Advice advice = advise(context, cycle);
    if (advice == null) {
      for (RuleSnapshot rule : rules) {
        cycle.addChanges(LimitChange.newBuilder().setRule(rule.rule()).setFrom(rule.current())
            .setTo(rule.current()).setStatus(ChangeStatus.CHANGE_STATUS_UNCHANGED));
      }
      return null;
    }
    cycle.setProposal(toProto(advice.proposal()));
    GuardedLimits guarded = Guardrails.guard(rules, advice.proposal(), spec);
    cycle.addAllGuardrailActions(guarded.actions());
    cycle.addAllChanges(governance.decide(cycle.getId(), guarded, advice.advisor(),
        advice.proposal().rationale()));
    return advice;
  }

  private Map<String, Forecast> forecast(Limits snapshot, TuningCycle.Builder cycle) {
    Map<String, Forecast> forecasts = new LinkedHashMap<>();
    for (Map.Entry<String, DemandWindow> entry : snapshots.windows(snapshot).entrySet()) {
      Forecast result = forecast.forecast(entry.getValue());
      forecasts.put(entry.getKey(), result);
      observer.onForecast(entry.getKey(), result);
      cycle.addForecasts(RuleForecast.newBuilder().setRule(entry.getKey())
          .setCurrentRps(result.currentRate()).setForecastRps(result.forecastRate())
          .setSurgeClass(toProto(result.surgeClass()))
          .setSurgeProbability(result.probability()));
    }
    return forecasts;
  }

  private Advice advise(TuningContext context, TuningCycle.Builder cycle) {
    long startNanos = System.nanoTime();
    try {
      Advice advice = advisor.propose(context);
      observer.onAdvisorCall(advice.advisor(), true, advice.millis());
      if (!advice.fallbackReason().isEmpty()) {
        observer.onFallback(advice.fallbackReason());
      }
      cycle.setAdvisor(advice.advisor()).setFallbackReason(advice.fallbackReason())
          .setPrompt(advice.prompt()).setRawAnswer(advice.rawAnswer())
          .setAdvisorMillis(Math.max(0, advice.millis()));
      return advice;
    } catch (AdvisorException e) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      log.warn("advisor {} failed ({}): {}; limits unchanged this cycle", advisor.name(),
          e.reason(), e.getMessage());
      observer.onAdvisorCall(advisor.name(), false, millis);
      cycle.setAdvisor(advisor.name()).setFallbackReason(e.reason() + ": " + e.getMessage())
          .setPrompt(e.prompt()).setRawAnswer(e.rawAnswer()).setAdvisorMillis(millis);
      return null;
    }
  }

  private static dev.ratewise.admin.v1.SurgeClass toProto(SurgeClass surgeClass) {
    return switch (surgeClass) {
      case NORMAL -> dev.ratewise.admin.v1.SurgeClass.SURGE_CLASS_NORMAL;
      case SURGE -> dev.ratewise.admin.v1.SurgeClass.SURGE_CLASS_SURGE;
      case DDOS -> dev.ratewise.admin.v1.SurgeClass.SURGE_CLASS_DDOS;
    };
  }

  private static dev.ratewise.admin.v1.Proposal toProto(Proposal proposal) {
    dev.ratewise.admin.v1.Proposal.Builder builder = dev.ratewise.admin.v1.Proposal.newBuilder()
        .setConfidence(proposal.confidence()).setRationale(proposal.rationale());
    proposal.limits().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
        builder.addLimits(ProposedLimit.newBuilder().setRule(entry.getKey())
            .setRequestsPerUnit(entry.getValue() == null ? Double.NaN : entry.getValue())));
    return builder.build();
  }

  /** Stops scheduled cycles, waiting for a running one to finish. */
  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
