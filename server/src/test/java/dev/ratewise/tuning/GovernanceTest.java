package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.admin.AdminException;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.ApprovalState;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.ManualOverride;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.RatewiseConfig;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.TunedLimit;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GovernanceTest {
  static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";
  static final String FREE = "ratewise.tier_free.tenant";
  /** A config with only the free tier, so the enterprise rule is gone. */
  static final String SMALL_CONFIG = """
      domain: ratewise
      descriptors:
        - key: tier
          value: free
          descriptors:
            - key: tenant
              rate_limit: {unit: second, requests_per_unit: 3}
              adaptive: {min: 3, max: 9, revenue_per_request: 0.01}
      """;

  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
  private LimitsHolder limits;
  private AuditLog audit;
  private Governance governance;

  @BeforeEach
  void setUp() throws Exception {
    limits = new LimitsHolder(Limits.compile(ConfigLoader.loadBundledExample()));
    audit = AuditLog.open(folder.resolve("audit.db"));
    governance = new Governance(limits, audit, new LocalFleet(limits), clock,
        TuningObserver.NONE);
  }

  @AfterEach
  void tearDown() {
    audit.close();
  }

  private GuardedLimits guarded(long enterprise) {
    return new GuardedLimits(Map.of(ENTERPRISE, enterprise), List.of());
  }

  private List<RuleSnapshot> snapshots() {
    return snapshots(1);
  }

  private List<RuleSnapshot> snapshots(int activeKeys) {
    List<RuleSnapshot> rules = new ArrayList<>();
    for (var rule : limits.current().adaptiveRules()) {
      rules.add(new RuleSnapshot(rule.id(), "", 1, rule.baseline(), rule.requestsPerUnit(),
          rule.adaptive().min(), rule.adaptive().max(), rule.adaptive().revenuePerRequest(), 0,
          0, 0, activeKeys, null));
    }
    return rules;
  }

  @Test
  void smallChange_appliedAtOnce() {
    List<LimitChange> changes = governance.decide("cyc-1", guarded(25), "heuristic", "busy");

    assertEquals(ChangeStatus.CHANGE_STATUS_APPLIED, changes.get(0).getStatus());
    assertEquals(25, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
    TunedLimit tuned = limits.current().tuned(ENTERPRISE).orElseThrow();
    assertEquals("tuning", tuned.source());
    assertEquals("heuristic", tuned.setBy());
  }

  @Test
  void changeAboveApprovalFactor_waitsAsPending() {
    List<LimitChange> changes = governance.decide("cyc-1", guarded(45), "heuristic", "surge");

    assertEquals(ChangeStatus.CHANGE_STATUS_PENDING, changes.get(0).getStatus());
    assertEquals(15, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
    List<Approval> pending = governance.approvals(false);
    assertEquals(1, pending.size());
    assertEquals(changes.get(0).getApprovalId(), pending.get(0).getId());
    assertEquals(45, pending.get(0).getTo());
  }

  @Test
  void pendingCut_holdsRaisesOfSameCycle() throws Exception {
    limits.publishTuned(Map.of(FREE, new TunedLimit(9, "tuning", "test", clock.instant())));
    Map<String, Long> plan = new java.util.LinkedHashMap<>();
    plan.put(ENTERPRISE, 25L);
    plan.put(FREE, 3L);

    List<LimitChange> changes = governance.decide("cyc-1",
        new GuardedLimits(plan, List.of()), "heuristic", "cut free to make room");

    assertEquals(ChangeStatus.CHANGE_STATUS_UNCHANGED, changes.get(0).getStatus());
    assertEquals(15, changes.get(0).getTo());
    assertEquals(ChangeStatus.CHANGE_STATUS_PENDING, changes.get(1).getStatus());
    assertEquals(15, limits.current().rule(ENTERPRISE).orElseThrow().requestsPerUnit());
  }

  @Test
  void approve_capsToCapacityWhenOthersMoved() throws Exception {
    String id = governance.decide("cyc-1", guarded(45), "h", "").get(0).getApprovalId();

    Approval approved = governance.approve(id, "operator:a", "go", snapshots(4));

    // With 4 keys per rule, the others promise 8*4 + 3*4 + 2*4 = 52 of the planned 90% of 200
    // = 180 rps, which leaves room for 128 / 4 = 32 per enterprise tenant.
    assertEquals(32, approved.getTo());
    assertEquals(32, limits.current().rule(ENTERPRISE).orElseThrow().requestsPerUnit());
  }

  @Test
  void newerPendingChange_supersedesOlder() {
    String first = governance.decide("cyc-1", guarded(45), "h", "").get(0).getApprovalId();
    String second = governance.decide("cyc-2", guarded(40), "h", "").get(0).getApprovalId();

    List<Approval> all = governance.approvals(true);

    assertEquals(2, all.size());
    assertEquals(ApprovalState.APPROVAL_STATE_SUPERSEDED, all.get(0).getState());
    assertEquals(first, all.get(0).getId());
    assertEquals(second, governance.approvals(false).get(0).getId());
  }

  @Test
  void approve_appliesAndAudits() throws Exception {
    String id = governance.decide("cyc-1", guarded(45), "h", "").get(0).getApprovalId();

    Approval approved = governance.approve(id, "operator:127.0.0.1", "launch day", snapshots());

    assertEquals(ApprovalState.APPROVAL_STATE_APPROVED, approved.getState());
    assertEquals(45, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
    assertEquals("approval", limits.current().tuned(ENTERPRISE).orElseThrow().source());
    assertEquals(1, audit.count(AuditKind.AUDIT_KIND_APPROVAL_DECISION));
  }

  @Test
  void decidedApproval_conflictsOnSecondDecision() throws Exception {
    String id = governance.decide("cyc-1", guarded(45), "h", "").get(0).getApprovalId();
    governance.reject(id, "operator:a", "too much");

    AdminException approve = assertThrows(AdminException.class,
        () -> governance.approve(id, "operator:b", "now", snapshots()));
    AdminException reject = assertThrows(AdminException.class,
        () -> governance.reject(id, "operator:b", "again"));

    assertEquals(AdminException.Kind.CONFLICT, approve.kind());
    assertEquals(AdminException.Kind.CONFLICT, reject.kind());
    assertEquals(15, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
  }

  @Test
  void unknownApproval_notFound() {
    AdminException error = assertThrows(AdminException.class,
        () -> governance.approve("apr-9999999", "operator:a", "x", snapshots()));

    assertEquals(AdminException.Kind.NOT_FOUND, error.kind());
  }

  @Test
  void pendingApproval_survivesRestart() throws Exception {
    String id = governance.decide("cyc-1", guarded(45), "h", "").get(0).getApprovalId();
    audit.close();

    audit = AuditLog.open(folder.resolve("audit.db"));
    Governance restarted = new Governance(limits, audit, new LocalFleet(limits), clock,
        TuningObserver.NONE);
    restarted.approve(id, "operator:a", "after restart", snapshots());

    assertEquals(45, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
  }

  @Test
  void pendingApprovalOfVanishedRule_supersededOnReload() throws Exception {
    String id = governance.decide("cyc-1", guarded(45), "h", "").get(0).getApprovalId();
    audit.close();
    RatewiseConfig withoutEnterprise = ConfigLoader.loadTexts(Map.of("small.yaml",
        SMALL_CONFIG));
    limits.publishConfig(withoutEnterprise);

    audit = AuditLog.open(folder.resolve("audit.db"));
    Governance restarted = new Governance(limits, audit, new LocalFleet(limits), clock,
        TuningObserver.NONE);

    assertTrue(restarted.approvals(false).isEmpty());
    assertEquals(ApprovalState.APPROVAL_STATE_SUPERSEDED,
        restarted.approvals(true).get(0).getState());
    AdminException error = assertThrows(AdminException.class,
        () -> restarted.approve(id, "operator:a", "late", snapshots()));
    assertEquals(AdminException.Kind.CONFLICT, error.kind());
  }

  @Test
  void configReloadWithoutRule_supersedesPending() throws Exception {
    String id = governance.decide("cyc-1", guarded(45), "h", "").get(0).getApprovalId();

    limits.publishConfig(ConfigLoader.loadTexts(Map.of("small.yaml", SMALL_CONFIG)));

    assertTrue(governance.approvals(false).isEmpty());
    AdminException error = assertThrows(AdminException.class,
        () -> governance.approve(id, "operator:a", "late", snapshots()));
    assertEquals(AdminException.Kind.CONFLICT, error.kind());
  }

  @Test
  void setLimit_clampedToMaxAndSupersedesPending() throws Exception {
    governance.decide("cyc-1", guarded(45), "h", "");

    ManualOverride override = governance.setLimit(ENTERPRISE, 500, "big customer",
        "operator:a", snapshots());

    assertEquals(120, override.getTo());
    assertEquals(120, limits.current().rules().get(ENTERPRISE).requestsPerUnit());
    assertEquals("operator", limits.current().tuned(ENTERPRISE).orElseThrow().source());
    assertTrue(governance.approvals(false).isEmpty());
    assertEquals(1, audit.count(AuditKind.AUDIT_KIND_MANUAL_OVERRIDE));
  }

  @Test
  void setLimit_rejectsBadArguments() {
    AdminException noReason = assertThrows(AdminException.class,
        () -> governance.setLimit(ENTERPRISE, 20, " ", "operator:a", snapshots()));
    AdminException unknown = assertThrows(AdminException.class,
        () -> governance.setLimit("ratewise.nope", 20, "x", "operator:a", snapshots()));
    AdminException fixed = assertThrows(AdminException.class,
        () -> governance.setLimit("ratewise.generic_key_edge.remote_address", 20, "x", "operator:a",
            snapshots()));

    assertEquals(AdminException.Kind.INVALID_ARGUMENT, noReason.kind());
    assertEquals(AdminException.Kind.NOT_FOUND, unknown.kind());
    assertEquals(AdminException.Kind.INVALID_ARGUMENT, fixed.kind());
  }
}
