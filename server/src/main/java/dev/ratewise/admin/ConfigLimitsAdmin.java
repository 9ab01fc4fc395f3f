package dev.ratewise.admin;

import com.google.protobuf.util.Timestamps;
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
import java.util.Locale;

/**
 * The admin operations of a ratewise without a decision loop: the limits are read from the live
 * snapshot, there are no decisions or approvals, and every change fails with UNAVAILABLE.
 */
public final class ConfigLimitsAdmin implements AdminOperations {
  private static final String NO_LOOP = "the decision loop is not running in this process";

  private final LimitsHolder limits;

  public ConfigLimitsAdmin(LimitsHolder limits) {
    this.limits = limits;
  }

  @Override
  public ListLimitsResponse listLimits(ListLimitsRequest request) {
    Limits snapshot = limits.current();
    List<RuleLimit> adaptive = new ArrayList<>();
    List<RuleLimit> fixed = new ArrayList<>();
    for (Rule rule : snapshot.rules().values()) {
      if (!rule.unlimited()) {
        RuleLimit limit = toRuleLimit(rule, snapshot);
        (rule.adaptive() != null ? adaptive : fixed).add(limit);
      }
    }
    return ListLimitsResponse.newBuilder().addAllLimits(adaptive).addAllLimits(fixed).build();
  }

  /** Describes one rule's limit in the admin API's terms. */
  public static RuleLimit toRuleLimit(Rule rule, Limits snapshot) {
    RuleLimit.Builder limit = RuleLimit.newBuilder()
        .setRule(rule.id())
        .setName(rule.name())
        .setEffective(rule.requestsPerUnit())
        .setBaseline(rule.baseline())
        .setUnit(rule.unit().name())
        .setSource(LimitSource.LIMIT_SOURCE_CONFIG)
        .setAdaptive(rule.adaptive() != null);
    if (rule.adaptive() != null) {
      limit.setMin(rule.adaptive().min())
          .setMax(rule.adaptive().max())
          .setRevenuePerRequest(rule.adaptive().revenuePerRequest());
    }
    snapshot.tuned(rule.id()).ifPresent(tuned -> setTuned(limit, tuned));
    return limit.build();
  }

  private static void setTuned(RuleLimit.Builder limit, TunedLimit tuned) {
    LimitSource source = switch (tuned.source().toLowerCase(Locale.ROOT)) {
      case "tuning" -> LimitSource.LIMIT_SOURCE_TUNING;
      case "approval" -> LimitSource.LIMIT_SOURCE_APPROVAL;
      case "operator" -> LimitSource.LIMIT_SOURCE_OPERATOR;
      default -> LimitSource.LIMIT_SOURCE_UNSPECIFIED;
    };
    limit.setTuned(tuned.value())
        .setSource(source)
        .setSetBy(tuned.setBy())
        .setUpdatedAt(Timestamps.fromMillis(tuned.at().toEpochMilli()));
  }

  @Override
  public ListDecisionsResponse listDecisions(ListDecisionsRequest request) {
    return ListDecisionsResponse.getDefaultInstance();
  }

  @Override
  public ListApprovalsResponse listApprovals(ListApprovalsRequest request) {
    return ListApprovalsResponse.getDefaultInstance();
  }

  @Override
  public DecideApprovalResponse approve(DecideApprovalRequest request, String actor)
      throws AdminException {
    throw new AdminException(AdminException.Kind.NOT_FOUND,
        "no approval with id '" + request.getId() + "': " + NO_LOOP);
  }

  @Override
  public DecideApprovalResponse reject(DecideApprovalRequest request, String actor)
      throws AdminException {
    return approve(request, actor);
  }

  @Override
  public SetLimitResponse setLimit(SetLimitRequest request, String actor)
      throws AdminException {
    throw new AdminException(AdminException.Kind.UNAVAILABLE, NO_LOOP);
  }

  @Override
  public ExplainResponse explain(ExplainRequest request) throws AdminException {
    throw new AdminException(AdminException.Kind.UNAVAILABLE, NO_LOOP);
  }

  @Override
  public GetAuditResponse getAudit(GetAuditRequest request) {
    return GetAuditResponse.getDefaultInstance();
  }

  @Override
  public RunCycleResponse runCycle(RunCycleRequest request, String actor)
      throws AdminException {
    throw new AdminException(AdminException.Kind.UNAVAILABLE, NO_LOOP);
  }
}
