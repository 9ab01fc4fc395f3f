package dev.ratewise.tuning;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.AdminException;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.ApprovalState;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.ManualOverride;
import dev.ratewise.config.TuningSpec;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.limit.TunedLimit;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which guarded limits go live. A change larger than {@code approval_factor} times the
 * current limit, up or down, waits as a pending {@link Approval}; smaller changes are published
 * at once in one atomic swap. Operators approve, reject or set limits here. Pending approvals
 * are stored through the {@link AuditLog} and reloaded at start. Thread-safe: every operation
 * holds this object's lock.
 */
public final class Governance {
  private static final Logger log = LoggerFactory.getLogger(Governance.class);

  private final LimitsHolder limits;
  private final AuditLog audit;
  private final Fleet fleet;
  private final Clock clock;
  private final TuningObserver observer;
  // TODO: with Redis, approvals live only in the SQLite file of the replica that proposed them.
  // Operators must approve on that replica, because a follower lists none of them.
  /** Every approval by id, oldest first. Guarded by {@code this}. */
  private final Map<String, Approval> approvals = new LinkedHashMap<>();
  private long lastApprovalNumber;

  public Governance(LimitsHolder limits, AuditLog audit, Fleet fleet, Clock clock,
      TuningObserver observer) {
    this.limits = limits;
    this.audit = audit;
    this.fleet = fleet;
    this.clock = clock;
    this.observer = observer;
    reload();
  }

  /**
   * Loads the stored approvals. A pending approval whose rule is gone or no longer adaptive after
   * a config reload is superseded.
   */
  private synchronized void reload() {
    for (Approval stored : audit.approvals()) {
      approvals.put(stored.getId(), stored);
    }
    lastApprovalNumber = approvals.size();
    supersedeVanished();
    int pending = pendingCount();
    if (pending > 0) {
      log.info("reloaded {} pending approvals", pending);
    }
    observer.onPendingApprovals(pending);
  }

  /**
   * Applies a cycle's guarded limits: small changes go live at once, large ones wait.
   *
   * @return one change per rule in {@code guarded}, in its order
   */
  public synchronized List<LimitChange> decide(String cycleId, GuardedLimits guarded,
      String advisor, String rationale) {
    supersedeVanished();
    Limits snapshot = limits.current();
    double factor = snapshot.config().tuning().approvalFactor();
    Map<String, TunedLimit> live = new LinkedHashMap<>();
    List<LimitChange> changes = new ArrayList<>();
    for (Map.Entry<String, Long> entry : guarded.limits().entrySet()) {
      Rule rule = adaptiveRule(snapshot, entry.getKey());
      if (rule == null) {
        continue;
      }
      long from = rule.requestsPerUnit();
      long to = entry.getValue();
      LimitChange.Builder change = LimitChange.newBuilder().setRule(rule.id()).setFrom(from)
          .setTo(to);
      if (to == from) {
        change.setStatus(ChangeStatus.CHANGE_STATUS_UNCHANGED);
      } else if (needsApproval(from, to, factor)) {
        Approval approval = holdForApproval(rule.id(), from, to, cycleId, rationale);
        change.setStatus(ChangeStatus.CHANGE_STATUS_PENDING).setApprovalId(approval.getId());
      } else {
        supersedePending(rule.id(), "a tuning cycle applied " + to);
        live.put(rule.id(), new TunedLimit(to, "tuning", advisor, clock.instant()));
        change.setStatus(ChangeStatus.CHANGE_STATUS_APPLIED);
      }
      changes.add(change.build());
    }

    fleet.publish(live);
    observer.onPendingApprovals(pendingCount());
    return changes;
  }

  /**
   * Approves a pending change and applies it, within the rule's current bounds.
   *
   * @throws AdminException NOT_FOUND for an unknown id, CONFLICT when already decided or when
   *     the rule is no longer adaptive
   */
  public synchronized Approval approve(String id, String actor, String reason)
      throws AdminException {
    Approval approval = pending(id);
    Rule rule = adaptiveRule(limits.current(), approval.getRule());
    if (rule == null) {
      finish(decided(approval, ApprovalState.APPROVAL_STATE_SUPERSEDED, "system",
          "rule no longer adaptive"), "system");
      throw new AdminException(AdminException.Kind.CONFLICT,
          "approval " + id + " is superseded: rule " + approval.getRule()
              + " is no longer adaptive");
    }

    long value = Math.max(rule.adaptive().min(), Math.min(rule.adaptive().max(),
        approval.getTo()));
    fleet.publish(Map.of(rule.id(), new TunedLimit(value, "approval", actor, clock.instant())));
    return finish(decided(approval.toBuilder().setTo(value).build(),
        ApprovalState.APPROVAL_STATE_APPROVED, actor, reason), actor);
  }

  /**
   * Rejects a pending change; the live limit stays as it is.
   *
   * @throws AdminException NOT_FOUND for an unknown id, CONFLICT when already decided
   */
  public synchronized Approval reject(String id, String actor, String reason)
      throws AdminException {
    Approval approval = pending(id);
    return finish(decided(approval, ApprovalState.APPROVAL_STATE_REJECTED, actor, reason), actor);
  }

  /**
   * Sets a rule's limit by hand within its bounds and the capacity, audits it, and supersedes
   * any pending approval for the rule.
   *
   * @param rules the adaptive rules with their current limits and active keys
   * @throws AdminException INVALID_ARGUMENT for a blank reason or a rule that is not adaptive,
   *     NOT_FOUND for an unknown rule
   */
  public synchronized ManualOverride setLimit(String ruleId, long requested, String reason,
      String actor, List<RuleSnapshot> rules) throws AdminException {
    if (reason == null || reason.isBlank()) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "reason is required");
    }
    Limits snapshot = limits.current();
    Rule rule = snapshot.rule(ruleId).orElseThrow(() -> new AdminException(
        AdminException.Kind.NOT_FOUND, "rule '" + ruleId + "' not found"));
    if (adaptiveRule(snapshot, ruleId) == null) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT,
          "rule '" + ruleId + "' is not adaptive, so its limit comes from the config file");
    }

    TuningSpec spec = snapshot.config().tuning();
    GuardedLimits bounded = Guardrails.bound(rules, ruleId, requested, spec);
    long value = bounded.limits().get(ruleId);
    ManualOverride override = ManualOverride.newBuilder().setRule(ruleId)
        .setFrom(rule.requestsPerUnit()).setRequested(requested).setTo(value).setReason(reason)
        .addAllGuardrailActions(bounded.actions()).build();

    supersedePending(ruleId, "an operator set " + value);
    fleet.publish(Map.of(ruleId, new TunedLimit(value, "operator", actor, clock.instant())));
    audit.append(AuditRecord.newBuilder().setTime(now()).setKind(
        AuditKind.AUDIT_KIND_MANUAL_OVERRIDE).setActor(actor).setOverride(override).build());
    observer.onPendingApprovals(pendingCount());
    log.info("{} set {} to {} (requested {})", actor, ruleId, value, requested);
    return override;
  }

  /** Returns the approvals, oldest first: only pending ones unless {@code includeDecided}. */
  public synchronized List<Approval> approvals(boolean includeDecided) {
    supersedeVanished();
    List<Approval> listed = new ArrayList<>();
    for (Approval approval : approvals.values()) {
      if (includeDecided || approval.getState() == ApprovalState.APPROVAL_STATE_PENDING) {
        listed.add(approval);
      }
    }
    return listed;
  }

  /** Returns whether a change from {@code from} to {@code to} exceeds the approval factor. */
  static boolean needsApproval(long from, long to, double factor) {
    return to > from * factor || to * factor < from;
  }

  private Approval holdForApproval(String rule, long from, long to, String cycleId,
      String rationale) {
    for (Approval approval : approvals.values()) {
      if (approval.getState() == ApprovalState.APPROVAL_STATE_PENDING
          && approval.getRule().equals(rule) && approval.getTo() == to
          && approval.getFrom() == from) {
        return approval;
      }
    }
    supersedePending(rule, "a newer cycle proposed " + to);
    lastApprovalNumber++;
    Approval approval = Approval.newBuilder()
        .setId(String.format("apr-%07d", lastApprovalNumber)).setRule(rule).setFrom(from)
        .setTo(to).setCycleId(cycleId).setCreatedAt(now())
        .setState(ApprovalState.APPROVAL_STATE_PENDING).setRationale(rationale).build();
    approvals.put(approval.getId(), approval);
    audit.saveApproval(approval);
    log.info("change of {} from {} to {} waits for approval {}", rule, from, to,
        approval.getId());
    return approval;
  }

  private void supersedePending(String rule, String reason) {
    for (Approval approval : List.copyOf(approvals.values())) {
      if (approval.getState() == ApprovalState.APPROVAL_STATE_PENDING
          && approval.getRule().equals(rule)) {
        Approval superseded = decided(approval, ApprovalState.APPROVAL_STATE_SUPERSEDED,
            "system", reason);
        approvals.put(superseded.getId(), superseded);
        audit.saveApproval(superseded);
      }
    }
  }

  /** Supersedes pending approvals whose rule a config reload removed or made non-adaptive. */
  private void supersedeVanished() {
    Limits snapshot = limits.current();
    for (Approval approval : List.copyOf(approvals.values())) {
      if (approval.getState() == ApprovalState.APPROVAL_STATE_PENDING
          && adaptiveRule(snapshot, approval.getRule()) == null) {
        Approval superseded = decided(approval, ApprovalState.APPROVAL_STATE_SUPERSEDED,
            "system", "rule no longer adaptive");
        approvals.put(superseded.getId(), superseded);
        audit.saveApproval(superseded);
        log.info("approval {} is superseded: rule {} is no longer adaptive", approval.getId(),
            approval.getRule());
      }
    }
  }

  private Approval pending(String id) throws AdminException {
    Approval approval = approvals.get(id);
    if (approval == null) {
      throw new AdminException(AdminException.Kind.NOT_FOUND, "approval '" + id + "' not found");
    }
    if (approval.getState() != ApprovalState.APPROVAL_STATE_PENDING) {
      throw new AdminException(AdminException.Kind.CONFLICT, "approval " + id + " is already "
          + approval.getState().name().substring("APPROVAL_STATE_".length()).toLowerCase());
    }
    return approval;
  }

  private Approval finish(Approval approval, String actor) {
    approvals.put(approval.getId(), approval);
    audit.saveApproval(approval);
    audit.append(AuditRecord.newBuilder().setTime(now())
        .setKind(AuditKind.AUDIT_KIND_APPROVAL_DECISION).setActor(actor).setApproval(approval)
        .build());
    observer.onPendingApprovals(pendingCount());
    log.info("approval {} for {} is {} by {}", approval.getId(), approval.getRule(),
        approval.getState(), actor);
    return approval;
  }

  private Approval decided(Approval approval, ApprovalState state, String actor, String reason) {
    return approval.toBuilder().setState(state).setDecidedBy(actor).setDecidedAt(now())
        .setReason(reason == null ? "" : reason).build();
  }

  private int pendingCount() {
    int pending = 0;
    for (Approval approval : approvals.values()) {
      pending += approval.getState() == ApprovalState.APPROVAL_STATE_PENDING ? 1 : 0;
    }
    return pending;
  }

  private Timestamp now() {
    return Timestamps.fromMillis(clock.millis());
  }

  private static Rule adaptiveRule(Limits snapshot, String ruleId) {
    Rule rule = snapshot.rules().get(ruleId);
    return rule == null || rule.adaptive() == null || rule.unlimited() ? null : rule;
  }
}
