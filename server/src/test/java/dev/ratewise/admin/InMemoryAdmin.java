package dev.ratewise.admin;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.ApprovalState;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.DecideApprovalRequest;
import dev.ratewise.admin.v1.DecideApprovalResponse;
import dev.ratewise.admin.v1.ExplainRequest;
import dev.ratewise.admin.v1.ExplainResponse;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.GetAuditResponse;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.ListApprovalsRequest;
import dev.ratewise.admin.v1.ListApprovalsResponse;
import dev.ratewise.admin.v1.ListDecisionsRequest;
import dev.ratewise.admin.v1.ListDecisionsResponse;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.admin.v1.ListLimitsResponse;
import dev.ratewise.admin.v1.Proposal;
import dev.ratewise.admin.v1.ProposedLimit;
import dev.ratewise.admin.v1.RuleLimit;
import dev.ratewise.admin.v1.RunCycleRequest;
import dev.ratewise.admin.v1.RunCycleResponse;
import dev.ratewise.admin.v1.SetLimitRequest;
import dev.ratewise.admin.v1.SetLimitResponse;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.limit.TunedLimit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link AdminOperations} for adapter tests, standing in for the decision loop's
 * implementation, which lives on another branch. It contains one decided and one pending
 * approval and one tuning cycle. Approving or setting a limit publishes the new limit to the
 * live {@link LimitsHolder}, so requests see it. {@link #reset()} restores the starting state
 * of the approvals, so a test can run the same operation twice from the same state.
 */
final class InMemoryAdmin implements AdminOperations {
  static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";
  static final String PENDING_ID = "apr-0000001";
  static final String DECIDED_ID = "apr-0000002";
  static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");

  private final LimitsHolder limits;
  private final Map<String, Approval> approvals = new LinkedHashMap<>();
  private final ConfigLimitsAdmin configLimits;

  InMemoryAdmin(LimitsHolder limits) {
    this.limits = limits;
    this.configLimits = new ConfigLimitsAdmin(limits);
    reset();
  }

  synchronized void reset() {
    approvals.clear();
    approvals.put(PENDING_ID, approval(PENDING_ID, 15, 45, ApprovalState.APPROVAL_STATE_PENDING));
    approvals.put(DECIDED_ID, approval(DECIDED_ID, 15, 20, ApprovalState.APPROVAL_STATE_APPROVED));
  }

  private static Approval approval(String id, long from, long to, ApprovalState state) {
    return Approval.newBuilder().setId(id).setRule(ENTERPRISE).setFrom(from).setTo(to)
        .setCycleId("cyc-0000001").setCreatedAt(timestamp()).setState(state)
        .setRationale("enterprise demand is 3x its limit and revenue per request is highest")
        .build();
  }

  private static Timestamp timestamp() {
    return Timestamps.fromMillis(NOW.toEpochMilli());
  }

  @Override
  public ListLimitsResponse listLimits(ListLimitsRequest request) {
    return configLimits.listLimits(request);
  }

  @Override
  public ListDecisionsResponse listDecisions(ListDecisionsRequest request) {
    TuningCycle cycle = TuningCycle.newBuilder().setId("cyc-0000001").setStartedAt(timestamp())
        .setAdvisor("heuristic").setFallbackReason("TIMEOUT")
        .setProposal(Proposal.newBuilder().setConfidence(0.8)
            .setRationale("raise enterprise to meet forecast demand")
            .addLimits(ProposedLimit.newBuilder().setRule(ENTERPRISE).setRequestsPerUnit(45)))
        .addChanges(LimitChange.newBuilder().setRule(ENTERPRISE).setFrom(15).setTo(45)
            .setStatus(ChangeStatus.CHANGE_STATUS_PENDING).setApprovalId(PENDING_ID))
        .build();
    return ListDecisionsResponse.newBuilder().addCycles(cycle).build();
  }

  @Override
  public synchronized ListApprovalsResponse listApprovals(ListApprovalsRequest request) {
    ListApprovalsResponse.Builder response = ListApprovalsResponse.newBuilder();
    for (Approval approval : approvals.values()) {
      if (request.getIncludeDecided()
          || approval.getState() == ApprovalState.APPROVAL_STATE_PENDING) {
        response.addApprovals(approval);
      }
    }
    return response.build();
  }

  @Override
  public DecideApprovalResponse approve(DecideApprovalRequest request, String actor)
      throws AdminException {
    return decide(request, actor, ApprovalState.APPROVAL_STATE_APPROVED);
  }

  @Override
  public DecideApprovalResponse reject(DecideApprovalRequest request, String actor)
      throws AdminException {
    return decide(request, actor, ApprovalState.APPROVAL_STATE_REJECTED);
  }

  private synchronized DecideApprovalResponse decide(DecideApprovalRequest request, String actor,
      ApprovalState state) throws AdminException {
    Approval approval = approvals.get(request.getId());
    if (approval == null) {
      throw new AdminException(AdminException.Kind.NOT_FOUND,
          "no approval with id '" + request.getId() + "'");
    }
    if (approval.getState() != ApprovalState.APPROVAL_STATE_PENDING) {
      throw new AdminException(AdminException.Kind.CONFLICT,
          "approval '" + request.getId() + "' is already " + approval.getState());
    }

    Approval decided = approval.toBuilder().setState(state).setDecidedBy(actor)
        .setDecidedAt(timestamp()).setReason(request.getReason()).build();
    approvals.put(decided.getId(), decided);
    if (state == ApprovalState.APPROVAL_STATE_APPROVED) {
      publish(decided.getRule(), decided.getTo(), "approval", actor);
    }
    return DecideApprovalResponse.newBuilder().setApproval(decided)
        .setLimit(ruleLimit(decided.getRule())).build();
  }

  @Override
  public SetLimitResponse setLimit(SetLimitRequest request, String actor) throws AdminException {
    if (request.getReason().isBlank()) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "reason is required");
    }
    Rule rule = limits.current().rule(request.getRule()).orElseThrow(() -> new AdminException(
        AdminException.Kind.NOT_FOUND, "no rule with id '" + request.getRule() + "'"));

    long value = request.getRequestsPerUnit();
    if (rule.adaptive() != null) {
      value = Math.max(rule.adaptive().min(), Math.min(rule.adaptive().max(), value));
    }
    publish(rule.id(), value, "operator", actor);
    return SetLimitResponse.newBuilder().setLimit(ruleLimit(rule.id())).build();
  }

  private void publish(String rule, long value, String source, String actor) {
    limits.publishTuned(Map.of(rule, new TunedLimit(value, source, actor, NOW)));
  }

  private RuleLimit ruleLimit(String rule) {
    return ConfigLimitsAdmin.toRuleLimit(limits.current().rule(rule).orElseThrow(),
        limits.current());
  }

  @Override
  public ExplainResponse explain(ExplainRequest request) throws AdminException {
    if (request.getQuestion().isBlank()) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "question is empty");
    }
    return ExplainResponse.newBuilder().setAnsweredBy("template")
        .setAnswer("cyc-0000001 proposed enterprise 15 -> 45; it waits for approval "
            + PENDING_ID + ".")
        .build();
  }

  @Override
  public GetAuditResponse getAudit(GetAuditRequest request) throws AdminException {
    if (!request.getPageToken().isEmpty() && !request.getPageToken().matches("\\d+")) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT,
          "invalid page_token '" + request.getPageToken() + "'");
    }
    if (request.getLimit() > 1000) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT,
          "limit " + request.getLimit() + " is above 1000");
    }
    List<AuditRecord> records = new ArrayList<>();
    records.add(AuditRecord.newBuilder().setId(1).setTime(timestamp())
        .setKind(AuditKind.AUDIT_KIND_TUNING_CYCLE).setActor("heuristic")
        .setCycle(listDecisions(ListDecisionsRequest.getDefaultInstance()).getCycles(0))
        .build());
    return GetAuditResponse.newBuilder().addAllRecords(records).build();
  }

  @Override
  public RunCycleResponse runCycle(RunCycleRequest request, String actor) throws AdminException {
    throw new AdminException(AdminException.Kind.UNAVAILABLE, "tuning is switched off");
  }
}
