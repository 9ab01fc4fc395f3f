package dev.ratewise.admin;

import dev.ratewise.admin.v1.AdminGrpc;
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
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API over gRPC, {@code ratewise.admin.v1.Admin}: a thin adapter over {@link
 * AdminOperations}. The gRPC server runs handlers on the Netty event loop, so each call moves to
 * the given executor before it may block. Approve, Reject, SetLimit and RunCycle pass {@link
 * AdminAuth} first.
 */
public final class AdminGrpcService extends AdminGrpc.AdminImplBase {
  private static final Logger log = LoggerFactory.getLogger(AdminGrpcService.class);

  private final AdminOperations operations;
  private final AdminAuth auth;
  private final Executor executor;

  private AdminGrpcService(AdminOperations operations, AdminAuth auth, Executor executor) {
    this.operations = operations;
    this.auth = auth;
    this.executor = executor;
  }

  /**
   * Returns the service, with the interceptor that reads the caller's token and address.
   *
   * @param adminToken the token changes need; null or blank allows only loopback callers
   * @param executor where the operations run; not a transport thread
   */
  public static ServerServiceDefinition create(AdminOperations operations, String adminToken,
      Executor executor) {
    AdminGrpcService service =
        new AdminGrpcService(operations, new AdminAuth(adminToken), executor);
    return ServerInterceptors.intercept(service, new CallerInterceptor());
  }

  @Override
  public void listLimits(ListLimitsRequest request,
      StreamObserver<ListLimitsResponse> responseObserver) {
    run(responseObserver, false, actor -> operations.listLimits(request));
  }

  @Override
  public void listDecisions(ListDecisionsRequest request,
      StreamObserver<ListDecisionsResponse> responseObserver) {
    run(responseObserver, false, actor -> operations.listDecisions(request));
  }

  @Override
  public void listApprovals(ListApprovalsRequest request,
      StreamObserver<ListApprovalsResponse> responseObserver) {
    run(responseObserver, false, actor -> operations.listApprovals(request));
  }

  @Override
  public void approve(DecideApprovalRequest request,
      StreamObserver<DecideApprovalResponse> responseObserver) {
    run(responseObserver, true, actor -> operations.approve(request, actor));
  }

  @Override
  public void reject(DecideApprovalRequest request,
      StreamObserver<DecideApprovalResponse> responseObserver) {
    run(responseObserver, true, actor -> operations.reject(request, actor));
  }

  @Override
  public void setLimit(SetLimitRequest request, StreamObserver<SetLimitResponse> responseObserver) {
    run(responseObserver, true, actor -> operations.setLimit(request, actor));
  }

  @Override
  public void explain(ExplainRequest request, StreamObserver<ExplainResponse> responseObserver) {
    run(responseObserver, false, actor -> operations.explain(request));
  }

  @Override
  public void getAudit(GetAuditRequest request, StreamObserver<GetAuditResponse> responseObserver) {
    run(responseObserver, false, actor -> operations.getAudit(request));
  }

  @Override
  public void runCycle(RunCycleRequest request, StreamObserver<RunCycleResponse> responseObserver) {
    run(responseObserver, true, actor -> operations.runCycle(request, actor));
  }

  /** One admin operation, given the caller's actor name. */
  private interface Operation<T> {
    T call(String actor) throws AdminException;
  }

  private <T> void run(StreamObserver<T> responseObserver, boolean changesState,
      Operation<T> operation) {
    AdminAuth.Decision decision = auth.check(CallerInterceptor.AUTHORIZATION.get(),
        CallerInterceptor.REMOTE.get());
    if (changesState && decision.verdict() != AdminAuth.Verdict.ALLOWED) {
      responseObserver.onError(AdminErrors.grpcStatus(decision.verdict())
          .withDescription(decision.message()).asRuntimeException());
      return;
    }

    try {
      executor.execute(() -> complete(responseObserver, operation, decision.actor()));
    } catch (RejectedExecutionException e) {
      responseObserver.onError(Status.UNAVAILABLE.withDescription("ratewise is shutting down")
          .withCause(e).asRuntimeException());
    }
  }

  private static <T> void complete(StreamObserver<T> responseObserver, Operation<T> operation,
      String actor) {
    T response;
    try {
      response = operation.call(actor);
    } catch (AdminException e) {
      responseObserver.onError(AdminErrors.grpcStatus(e.kind()).withDescription(e.getMessage())
          .asRuntimeException());
      return;
    } catch (RuntimeException e) {
      log.error("admin operation failed", e);
      responseObserver.onError(Status.INTERNAL.withDescription("admin operation failed: " + e)
          .withCause(e).asRuntimeException());
      return;
    }
    responseObserver.onNext(response);
    responseObserver.onCompleted();
  }
}
