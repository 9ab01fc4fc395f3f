package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.admin.v1.ApprovalState;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.DecideApprovalRequest;
import dev.ratewise.admin.v1.ExplainRequest;
import dev.ratewise.admin.v1.ExplainResponse;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.ListDecisionsRequest;
import dev.ratewise.admin.v1.SurgeClass;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.Code;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.LimitRequest;
import dev.ratewise.limit.Limiter;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.tuning.advisor.Advice;
import dev.ratewise.tuning.advisor.AdvisorException;
import dev.ratewise.tuning.advisor.LimitAdvisor;
import dev.ratewise.tuning.advisor.Proposal;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import dev.ratewise.tuning.advisor.TuningContext;
import dev.ratewise.tuning.forecast.DemandWindow;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeForecast;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision loop against the real {@link Limiter} and {@link LocalCounterStore} under
 * generated traffic and a fake clock. The forecast and advisor are small scripted fakes of our
 * own interfaces; the real ones are tested where they live.
 */
class TuningLoopTest {
  private static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";

  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
  private final List<String> forecastCalls = new ArrayList<>();
  private LimitsHolder limits;
  private Telemetry telemetry;
  private Limiter limiter;
  private AuditLog audit;
  private Governance governance;
  private ScriptedAdvisor advisor;
  private TuningLoop loop;
  private TuningAdmin admin;

  /** Reports a surge when the last second saw more than 10 hits. */
  private static final SurgeForecast THRESHOLD_FORECAST = window -> {
    double[] hits = window.hitsPerSecond();
    double last = hits[hits.length - 1];
    boolean surge = last > 10;
    return new Forecast(last, surge ? last * 2 : last,
        surge ? dev.ratewise.tuning.forecast.SurgeClass.SURGE
            : dev.ratewise.tuning.forecast.SurgeClass.NORMAL, surge ? 0.9 : 0.1);
  };

  /** Multiplies the current limit of every surging rule by a factor. */
  private static final class ScriptedAdvisor implements LimitAdvisor {
    double factor = 1.5;
    AdvisorException failure;

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public Advice propose(TuningContext context) throws AdvisorException {
      if (failure != null) {
        throw failure;
      }
      Map<String, Double> limits = new HashMap<>();
      for (RuleSnapshot rule : context.rules()) {
        boolean surge = rule.forecast() != null
            && rule.forecast().surgeClass() == dev.ratewise.tuning.forecast.SurgeClass.SURGE;
        limits.put(rule.rule(), surge ? rule.current() * factor : rule.current());
      }
      return new Advice(new Proposal(limits, 0.8, "demand doubles"), name(), "", "", "", 3);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    limits = new LimitsHolder(Limits.compile(ConfigLoader.loadBundledExample()));
    telemetry = new Telemetry(clock);
    LocalCounterStore store = new LocalCounterStore(clock);
    limiter = new Limiter(limits, store, store, LimiterSettings.defaults(),
        new DegradedMode(FailurePolicy.ERROR), clock, new SplittableRandom(1), telemetry);
    audit = AuditLog.open(folder.resolve("ratewise-audit.db"));
    advisor = new ScriptedAdvisor();
    start();
  }

  private void start() {
    LocalFleet fleet = new LocalFleet(limits);
    TuningObserver observer = new TuningObserver() {
      @Override
      public void onForecast(String rule, Forecast forecast) {
        forecastCalls.add(rule + "=" + forecast.surgeClass());
      }
    };
    governance = new Governance(limits, audit, fleet, clock, observer);
    loop = new TuningLoop(limits, telemetry, telemetry, THRESHOLD_FORECAST, advisor, governance,
        audit, fleet, observer, clock);
    admin = new TuningAdmin(limits, governance, audit, telemetry, telemetry, loop, null);
  }

  @AfterEach
  void tearDown() {
    loop.close();
    audit.close();
  }

  /** Sends {@code perTenant} requests from each of two enterprise tenants in each second. */
  private int sendEnterpriseTraffic(int seconds, int perTenant) {
    int allowed = 0;
    for (int second = 0; second < seconds; second++) {
      clock.advance(Duration.ofSeconds(1));
      for (int i = 0; i < perTenant; i++) {
        for (String tenant : List.of("acme", "globex")) {
          allowed += check(tenant) == Code.OK ? 1 : 0;
        }
      }
    }
    clock.advance(Duration.ofSeconds(1));
    return allowed;
  }

  private Code check(String tenant) {
    LimitRequest request = new LimitRequest("ratewise",
        List.of(Descriptor.of("tier", "enterprise", "tenant", tenant)), 1);
    return limiter.check(request).join().overallCode();
  }

  private static LimitChange change(TuningCycle cycle, String rule) {
    return cycle.getChangesList().stream().filter(c -> c.getRule().equals(rule)).findFirst()
        .orElseThrow();
  }

  @Test
  void surge_scalesLimitWithinBounds() {
    int allowedBefore = sendEnterpriseTraffic(5, 30);

    TuningCycle cycle = loop.runCycle();
    int allowedAfter = sendEnterpriseTraffic(5, 30);

    assertEquals(5 * 2 * 15, allowedBefore);
    assertEquals(ChangeStatus.CHANGE_STATUS_APPLIED, change(cycle, ENTERPRISE).getStatus());
    assertEquals(23, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
    assertEquals(5 * 2 * 23, allowedAfter);
    assertTrue(forecastCalls.contains(ENTERPRISE + "=SURGE"), forecastCalls.toString());
    assertEquals(SurgeClass.SURGE_CLASS_SURGE, cycle.getForecasts(0).getSurgeClass());
    assertEquals(0.8, cycle.getProposal().getConfidence());
  }

  @Test
  void largeJump_waitsThenApprovalReachesLimiter() throws Exception {
    advisor.factor = 3;
    sendEnterpriseTraffic(5, 30);

    TuningCycle cycle = loop.runCycle();
    int allowedWhilePending = sendEnterpriseTraffic(1, 30);
    String approvalId = change(cycle, ENTERPRISE).getApprovalId();
    admin.approve(DecideApprovalRequest.newBuilder().setId(approvalId).setReason("launch")
        .build(), "operator:127.0.0.1");
    int allowedAfterApproval = sendEnterpriseTraffic(1, 30);

    assertEquals(ChangeStatus.CHANGE_STATUS_PENDING, change(cycle, ENTERPRISE).getStatus());
    assertEquals(2 * 15, allowedWhilePending);
    assertEquals(2 * 30, allowedAfterApproval);
    assertEquals(45, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
    assertEquals(ApprovalState.APPROVAL_STATE_APPROVED,
        governance.approvals(true).get(0).getState());
  }

  @Test
  void advisorFailure_auditedAndLimitsKept() {
    advisor.failure = new AdvisorException(AdvisorException.Reason.TIMEOUT, "no answer in 5 s",
        "the prompt", "", null);
    sendEnterpriseTraffic(3, 30);

    TuningCycle failed = loop.runCycle();
    advisor.failure = null;
    TuningCycle next = loop.runCycle();

    assertTrue(failed.getFallbackReason().startsWith("TIMEOUT"), failed.getFallbackReason());
    assertEquals("the prompt", failed.getPrompt());
    assertEquals(ChangeStatus.CHANGE_STATUS_UNCHANGED, change(failed, ENTERPRISE).getStatus());
    assertEquals(ChangeStatus.CHANGE_STATUS_APPLIED, change(next, ENTERPRISE).getStatus());
  }

  @Test
  void throwingForecast_cycleAuditedAndNextCycleRuns() {
    SurgeForecast[] current = {window -> {
      throw new IllegalStateException("forecast broke");
    }};
    loop = new TuningLoop(limits, telemetry, telemetry, window -> current[0].forecast(window),
        advisor, governance, audit, new LocalFleet(limits), TuningObserver.NONE, clock);

    TuningCycle failed = loop.runCycle();
    current[0] = THRESHOLD_FORECAST;
    TuningCycle next = loop.runCycle();

    assertTrue(failed.getFallbackReason().contains("forecast broke"),
        failed.getFallbackReason());
    assertTrue(next.getFallbackReason().isEmpty(), next.getFallbackReason());
    assertEquals(2, admin.listDecisions(ListDecisionsRequest.getDefaultInstance())
        .getCyclesCount());
  }

  @Test
  void cycles_surviveRestartAndNumberingContinues() throws Exception {
    sendEnterpriseTraffic(3, 30);
    TuningCycle first = loop.runCycle();
    loop.close();
    audit.close();

    audit = AuditLog.open(folder.resolve("ratewise-audit.db"));
    start();
    TuningCycle second = loop.runCycle();
    List<TuningCycle> cycles = admin.listDecisions(ListDecisionsRequest.getDefaultInstance())
        .getCyclesList();

    assertEquals("cyc-0000001", first.getId());
    assertEquals("cyc-0000002", second.getId());
    assertEquals(List.of(second, first), cycles);
  }

  @Test
  void explainWithoutModel_answersFromTemplate() throws Exception {
    sendEnterpriseTraffic(3, 30);
    loop.runCycle();

    ExplainResponse answer = admin.explain(ExplainRequest.newBuilder()
        .setQuestion("why did enterprise go up?").build());

    assertEquals("template", answer.getAnsweredBy());
    assertTrue(answer.getAnswer().startsWith(
        "enterprise went from 15 to 23 at 12:00:04 by cycle cyc-0000001 (scripted, confidence "
            + "0.80): demand doubles"), answer.getAnswer());
    assertEquals(1, answer.getRecordsCount());
  }
}
