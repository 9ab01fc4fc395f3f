package dev.ratewise.tuning;

import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.AdminException;
import dev.ratewise.admin.AdminOperations;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.DecideApprovalRequest;
import dev.ratewise.admin.v1.DecideApprovalResponse;
import dev.ratewise.admin.v1.ExplainRequest;
import dev.ratewise.admin.v1.ExplainResponse;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.GetAuditResponse;
import dev.ratewise.admin.v1.LimitSource;
import dev.ratewise.admin.v1.ListApprovalsRequest;
import dev.ratewise.admin.v1.ListApprovalsResponse;
import dev.ratewise.admin.v1.ListDecisionsRequest;
import dev.ratewise.admin.v1.ListDecisionsResponse;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.admin.v1.ListLimitsResponse;
import dev.ratewise.admin.v1.ManualOverride;
import dev.ratewise.admin.v1.RuleLimit;
import dev.ratewise.admin.v1.RunCycleRequest;
import dev.ratewise.admin.v1.RunCycleResponse;
import dev.ratewise.admin.v1.SetLimitRequest;
import dev.ratewise.admin.v1.SetLimitResponse;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.limit.TunedLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API over the decision loop: reads limits, decisions, approvals and the audit trail,
 * and drives approvals, manual limits and cycles. With tuning switched off the reads still work
 * and every change (approve, reject, setLimit, runCycle) raises UNAVAILABLE.
 */
public final class TuningAdmin implements AdminOperations {
  private static final Logger log = LoggerFactory.getLogger(TuningAdmin.class);
  /** Cycles ListDecisions returns when the request sets no limit. */
  static final int DEFAULT_DECISIONS = 50;
  /** Records GetAudit returns when the request sets no limit. */
  static final int DEFAULT_AUDIT_PAGE = 100;
  /** Maximum records per GetAudit page or ListDecisions call. */
  static final int MAX_PAGE = 1_000;
  /** Audit records an explanation rests on. */
  static final int EXPLAIN_RECORDS = 10;

  private final LimitsHolder limits;
  private final Governance governance;
  private final AuditLog audit;
  private final RuleSnapshots snapshots;
  private final TuningLoop loop;
  private final ModelExplainer explainer;

  /**
   * @param loop the decision loop; null when tuning is switched off
   * @param explainer the model behind Explain; null makes Explain use the template only
   */
  public TuningAdmin(LimitsHolder limits, Governance governance, AuditLog audit,
      Telemetry telemetry, TrafficCounts counts, TuningLoop loop, ModelExplainer explainer) {
    this.limits = limits;
    this.governance = governance;
    this.audit = audit;
    this.snapshots = new RuleSnapshots(telemetry, counts);
    this.loop = loop;
    this.explainer = explainer;
  }

  @Override
  public ListLimitsResponse listLimits(ListLimitsRequest request) {
    Limits snapshot = limits.current();
    List<RuleLimit> adaptive = new ArrayList<>();
    List<RuleLimit> fixed = new ArrayList<>();
    for (Rule rule : snapshot.rules().values()) {
      if (!rule.unlimited()) {
        (rule.adaptive() != null ? adaptive : fixed).add(ruleLimit(snapshot, rule));
      }
    }
    return ListLimitsResponse.newBuilder().addAllLimits(adaptive).addAllLimits(fixed).build();
  }

  @Override
  public ListDecisionsResponse listDecisions(ListDecisionsRequest request) {
    // limit is a uint32, so values of 2^31 and above arrive as negative ints.
    long requested = Integer.toUnsignedLong(request.getLimit());
    int count = requested == 0 ? DEFAULT_DECISIONS : (int) Math.min(MAX_PAGE, requested);
    ListDecisionsResponse.Builder response = ListDecisionsResponse.newBuilder();
    for (AuditRecord record : audit.newest(AuditKind.AUDIT_KIND_TUNING_CYCLE, count)) {
      response.addCycles(record.getCycle());
    }
    return response.build();
  }

  @Override
  public ListApprovalsResponse listApprovals(ListApprovalsRequest request) {
    return ListApprovalsResponse.newBuilder()
        .addAllApprovals(governance.approvals(request.getIncludeDecided())).build();
  }

  @Override
  public DecideApprovalResponse approve(DecideApprovalRequest request, String actor)
      throws AdminException {
    requireId(request);
    Approval approval = governance.approve(request.getId(), actor, request.getReason());
    return decided(approval);
  }

  @Override
  public DecideApprovalResponse reject(DecideApprovalRequest request, String actor)
      throws AdminException {
    requireId(request);
    Approval approval = governance.reject(request.getId(), actor, request.getReason());
    return decided(approval);
  }

  @Override
  public SetLimitResponse setLimit(SetLimitRequest request, String actor) throws AdminException {
    requireTuning();
    if (request.getRule().isBlank()) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "rule is required");
    }
    Limits snapshot = limits.current();
    ManualOverride override = governance.setLimit(request.getRule(),
        request.getRequestsPerUnit(), request.getReason(), actor,
        snapshots.snapshots(snapshot, Map.of()));
    Limits after = limits.current();
    return SetLimitResponse.newBuilder()
        .setLimit(ruleLimit(after, after.rules().get(request.getRule())))
        .addAllGuardrailActions(override.getGuardrailActionsList()).build();
  }

  @Override
  public ExplainResponse explain(ExplainRequest request) throws AdminException {
    if (request.getQuestion().isBlank()) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "question is required");
    }
    Rule rule = Explanations.ruleIn(request.getQuestion(), limits.current().adaptiveRules());
    List<AuditRecord> records = rule == null
        ? audit.newest(EXPLAIN_RECORDS)
        : audit.newestForRule(rule.id(), EXPLAIN_RECORDS);

    ExplainResponse.Builder response = ExplainResponse.newBuilder().addAllRecords(records);
    if (explainer != null) {
      try {
        String answer = explainer.explain(request.getQuestion(), records);
        if (answer != null && !answer.isBlank()) {
          return response.setAnswer(answer).setAnsweredBy("ollama").build();
        }
        log.warn("model explainer returned blank text; using the template answer");
      } catch (Exception e) {
        log.warn("model explainer failed ({}); using the template", e.toString());
      }
    }
    return response.setAnswer(Explanations.template(rule == null ? null : rule.id(), records))
        .setAnsweredBy("template").build();
  }

  @Override
  public GetAuditResponse getAudit(GetAuditRequest request) throws AdminException {
    long requested = Integer.toUnsignedLong(request.getLimit());
    if (requested > MAX_PAGE) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT,
          "limit " + requested + " is above the maximum " + MAX_PAGE);
    }
    int count = requested == 0 ? DEFAULT_AUDIT_PAGE : (int) requested;
    long afterId = pageToken(request.getPageToken());
    long since = request.hasSince() ? Timestamps.toMillis(request.getSince()) : Long.MIN_VALUE;

    List<AuditRecord> page = audit.page(since, afterId, count + 1);
    boolean more = page.size() > count;
    List<AuditRecord> records = more ? page.subList(0, count) : page;
    GetAuditResponse.Builder response = GetAuditResponse.newBuilder().addAllRecords(records);
    if (more) {
      response.setNextPageToken(Long.toString(records.get(records.size() - 1).getId()));
    }
    return response.build();
  }

  @Override
  public RunCycleResponse runCycle(RunCycleRequest request, String actor) throws AdminException {
    requireTuning();
    if (!loop.fleet().leads()) {
      throw new AdminException(AdminException.Kind.UNAVAILABLE,
          "this replica is not the tuning leader; run the cycle on " + loop.fleet().leader());
    }
    log.info("{} runs a tuning cycle", actor);
    return RunCycleResponse.newBuilder().setCycle(loop.runCycle()).build();
  }

  private void requireTuning() throws AdminException {
    if (loop == null) {
      throw new AdminException(AdminException.Kind.UNAVAILABLE,
          "tuning is switched off (--no-tuning); limits stay at their configured values");
    }
  }

  private void requireId(DecideApprovalRequest request) throws AdminException {
    requireTuning();
    if (request.getId().isBlank()) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT, "id is required");
    }
  }

  private DecideApprovalResponse decided(Approval approval) {
    Limits snapshot = limits.current();
    DecideApprovalResponse.Builder response = DecideApprovalResponse.newBuilder()
        .setApproval(approval);
    Rule rule = snapshot.rules().get(approval.getRule());
    if (rule != null) {
      response.setLimit(ruleLimit(snapshot, rule));
    }
    return response.build();
  }

  private static long pageToken(String token) throws AdminException {
    if (token.isEmpty()) {
      return 0;
    }
    try {
      long afterId = Long.parseLong(token);
      if (afterId < 0) {
        throw new NumberFormatException("negative");
      }
      return afterId;
    } catch (NumberFormatException e) {
      throw new AdminException(AdminException.Kind.INVALID_ARGUMENT,
          "invalid page_token '" + token + "': pass the next_page_token of the previous page");
    }
  }

  static RuleLimit ruleLimit(Limits snapshot, Rule rule) {
    RuleLimit.Builder limit = RuleLimit.newBuilder().setRule(rule.id()).setName(rule.name())
        .setEffective(rule.requestsPerUnit()).setBaseline(rule.baseline())
        .setUnit(rule.unit() == null ? "" : rule.unit().name())
        .setSource(LimitSource.LIMIT_SOURCE_CONFIG).setAdaptive(rule.adaptive() != null);
    if (rule.adaptive() != null) {
      limit.setMin(rule.adaptive().min()).setMax(rule.adaptive().max())
          .setRevenuePerRequest(rule.adaptive().revenuePerRequest());
    }
    snapshot.tuned(rule.id()).ifPresent(tuned -> limit.setTuned(tuned.value())
        .setSource(source(tuned)).setSetBy(tuned.setBy())
        .setUpdatedAt(Timestamps.fromMillis(tuned.at().toEpochMilli())));
    return limit.build();
  }

  private static LimitSource source(TunedLimit tuned) {
    return switch (tuned.source()) {
      case "tuning" -> LimitSource.LIMIT_SOURCE_TUNING;
      case "approval" -> LimitSource.LIMIT_SOURCE_APPROVAL;
      case "operator" -> LimitSource.LIMIT_SOURCE_OPERATOR;
      default -> LimitSource.LIMIT_SOURCE_CONFIG;
    };
  }
}
