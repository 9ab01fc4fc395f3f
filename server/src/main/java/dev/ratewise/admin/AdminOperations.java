package dev.ratewise.admin;

import dev.ratewise.admin.v1.DecideApprovalRequest;
import dev.ratewise.admin.v1.DecideApprovalResponse;
import dev.ratewise.admin.v1.ExplainRequest;
import dev.ratewise.admin.v1.ExplainResponse;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.GetAuditResponse;
import dev.ratewise.admin.v1.ListApprovalsRequest;
import dev.ratewise.admin.v1.ListApprovalsResponse;
import dev.ratewise.admin.v1.ListDecisionsRequest;
import dev.ratewise.admin.v1.ListDecisionsResponse;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.admin.v1.ListLimitsResponse;
import dev.ratewise.admin.v1.RunCycleRequest;
import dev.ratewise.admin.v1.RunCycleResponse;
import dev.ratewise.admin.v1.SetLimitRequest;
import dev.ratewise.admin.v1.SetLimitResponse;

/**
 * The operator API of the decision loop, in the messages of {@code ratewise.admin.v1}. The
 * admin gRPC service and the HTTP/JSON endpoints are both thin adapters over this one interface.
 * Methods may block (SQLite, model calls), so adapters call them off the transport threads.
 *
 * @see AdminException for the errors each method raises
 */
public interface AdminOperations {
  ListLimitsResponse listLimits(ListLimitsRequest request);

  ListDecisionsResponse listDecisions(ListDecisionsRequest request);

  ListApprovalsResponse listApprovals(ListApprovalsRequest request);

  /**
   * Approves and applies a pending change.
   *
   * @param actor who approves, such as "operator:127.0.0.1"
   * @throws AdminException NOT_FOUND for an unknown id, CONFLICT when already decided
   */
  DecideApprovalResponse approve(DecideApprovalRequest request, String actor)
      throws AdminException;

  /**
   * Rejects a pending change.
   *
   * @throws AdminException NOT_FOUND for an unknown id, CONFLICT when already decided
   */
  DecideApprovalResponse reject(DecideApprovalRequest request, String actor)
      throws AdminException;

  /**
   * Sets a limit by hand, bounded by the same guardrails as tuning, and audits it.
   *
   * @throws AdminException INVALID_ARGUMENT for a missing reason, NOT_FOUND for an unknown rule
   */
  SetLimitResponse setLimit(SetLimitRequest request, String actor) throws AdminException;

  /** @throws AdminException INVALID_ARGUMENT for an empty question */
  ExplainResponse explain(ExplainRequest request) throws AdminException;

  /** @throws AdminException INVALID_ARGUMENT for a bad page token or limit */
  GetAuditResponse getAudit(GetAuditRequest request) throws AdminException;

  /** Runs one tuning cycle now. */
  RunCycleResponse runCycle(RunCycleRequest request, String actor) throws AdminException;
}
