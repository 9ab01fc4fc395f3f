package dev.ratewise.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.v1.DecideApprovalRequest;
import dev.ratewise.admin.v1.ExplainRequest;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.ListApprovalsRequest;
import dev.ratewise.admin.v1.ListDecisionsRequest;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.admin.v1.RunCycleRequest;
import dev.ratewise.admin.v1.SetLimitRequest;
import dev.ratewise.metrics.Timeline;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API over HTTP/JSON under {@code /admin}: a thin adapter over {@link
 * AdminOperations} that prints and parses the same proto messages as the gRPC service. Reads,
 * including POST /admin/explain, are open. Other POSTs pass {@link AdminAuth}. Errors are
 * {@code {"error": ..., "message": ...}}.
 */
public final class AdminHttp {
  private static final Logger log = LoggerFactory.getLogger(AdminHttp.class);
  private static final ObjectMapper TIMELINE_JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final AdminOperations operations;
  private final AdminAuth auth;
  private final Timeline timeline;

  private AdminHttp(AdminOperations operations, AdminAuth auth, Timeline timeline) {
    this.operations = operations;
    this.auth = auth;
    this.timeline = timeline;
  }

  /**
   * Adds the admin routes to a Javalin app that has not started yet.
   *
   * @param adminToken the token that changes need; null or blank allows only loopback callers
   */
  public static void register(Javalin app, AdminOperations operations, String adminToken,
      Timeline timeline) {
    AdminHttp http = new AdminHttp(operations, new AdminAuth(adminToken), timeline);
    app.get("/admin/limits", guarded(ctx -> reply(ctx,
        operations.listLimits(ListLimitsRequest.getDefaultInstance()))));
    app.get("/admin/decisions", guarded(http::listDecisions));
    app.get("/admin/approvals", guarded(http::listApprovals));
    app.get("/admin/audit", guarded(http::getAudit));
    app.get("/admin/timeline", guarded(http::timeline));
    app.post("/admin/approvals/{id}/approve", guarded(ctx -> http.decide(ctx, true)));
    app.post("/admin/approvals/{id}/reject", guarded(ctx -> http.decide(ctx, false)));
    app.post("/admin/limits/{rule}", guarded(http::setLimit));
    app.post("/admin/explain", guarded(ctx -> reply(ctx, operations.explain(
        AdminJson.parse(ctx.body(), ExplainRequest.newBuilder()).build()))));
    app.post("/admin/init", guarded(ctx -> reply(ctx, operations.runCycle(
        RunCycleRequest.getDefaultInstance(), http.authorize(ctx)))));
    // Routes registered above match first, so these catch only unknown admin paths.
    Handler unknown = ctx -> error(ctx, 404, "not_found",
        "no admin endpoint " + ctx.method() + " " + ctx.path());
    app.get("/admin/<path>", unknown);
    app.post("/admin/<path>", unknown);
    app.put("/admin/<path>", unknown);
    app.patch("/admin/<path>", unknown);
    app.delete("/admin/<path>", unknown);
    app.exception(AdminException.class, (e, ctx) ->
        error(ctx, AdminErrors.httpStatus(e.kind()), AdminErrors.errorName(e.kind()),
            e.getMessage()));
    app.exception(Denied.class, (e, ctx) -> error(ctx, AdminErrors.httpStatus(e.verdict),
        AdminErrors.errorName(e.verdict), e.getMessage()));
  }

  /** Turns an unexpected failure into a logged 500 with the admin error body. */
  private static Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (HttpResponseException e) {
        // Javalin's own rejections, such as 413 for a body over its maxRequestSize, keep their
        // status because the caller caused them.
        error(ctx, e.getStatus(), e.getStatus() == 413 ? "payload_too_large" : "invalid_argument",
            e.getMessage());
      } catch (RuntimeException e) {
        log.error("admin request {} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal", "admin operation failed: " + e);
      }
    };
  }

  private void listDecisions(Context ctx) throws AdminException {
    ListDecisionsRequest.Builder request = ListDecisionsRequest.newBuilder();
    String limit = ctx.queryParam("limit");
    if (limit != null) {
      request.setLimit(unsignedInt("limit", limit));
    }
    reply(ctx, operations.listDecisions(request.build()));
  }

  private void listApprovals(Context ctx) throws AdminException {
    String includeDecided = ctx.queryParam("include_decided");
    boolean include = false;
    if (includeDecided != null) {
      if (!includeDecided.equals("true") && !includeDecided.equals("false")) {
        throw invalid("invalid include_decided '" + includeDecided + "': use true or false");
      }
      include = Boolean.parseBoolean(includeDecided);
    }
    reply(ctx, operations.listApprovals(
        ListApprovalsRequest.newBuilder().setIncludeDecided(include).build()));
  }

  private void getAudit(Context ctx) throws AdminException {
    GetAuditRequest.Builder request = GetAuditRequest.newBuilder();
    String since = ctx.queryParam("since");
    if (since != null && !since.isEmpty()) {
      try {
        request.setSince(Timestamps.parse(since));
      } catch (ParseException e) {
        throw invalid("invalid since '" + since + "': use RFC 3339, such as "
            + "2026-12-04T20:00:00Z");
      }
    }
    String limit = ctx.queryParam("limit");
    if (limit != null && !limit.isEmpty()) {
      request.setLimit(unsignedInt("limit", limit));
    }
    String pageToken = ctx.queryParam("page_token");
    if (pageToken != null) {
      request.setPageToken(pageToken);
    }
    reply(ctx, operations.getAudit(request.build()));
  }

  private void decide(Context ctx, boolean approve) throws AdminException, Denied {
    String actor = authorize(ctx);
    DecideApprovalRequest request = AdminJson.parse(ctx.body(), DecideApprovalRequest.newBuilder())
        .setId(ctx.pathParam("id"))
        .build();
    reply(ctx, approve ? operations.approve(request, actor) : operations.reject(request, actor));
  }

  private void setLimit(Context ctx) throws AdminException, Denied {
    String actor = authorize(ctx);
    SetLimitRequest request = AdminJson.parse(ctx.body(), SetLimitRequest.newBuilder())
        .setRule(ctx.pathParam("rule"))
        .build();
    reply(ctx, operations.setLimit(request, actor));
  }

  private void timeline(Context ctx) throws Exception {
    String since = ctx.queryParam("since");
    long afterMillis = since == null || since.isEmpty() ? -1 : parseLong("since", since);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("interval_seconds", 1);
    body.put("capacity", Timeline.CAPACITY);
    body.put("samples", timeline.samplesAfter(afterMillis));
    ctx.contentType("application/json").result(TIMELINE_JSON.writeValueAsString(body));
  }

  /**
   * Returns the actor for the audit trail, or throws when the caller may not change state.
   * Besides {@link AdminAuth}, it rejects requests that a browser sent from another origin, and
   * without a token it requires a loopback Host, so a web page cannot reach the loopback-only
   * API through the operator's browser, directly or by DNS rebinding.
   */
  private String authorize(Context ctx) throws Denied {
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals("http://" + ctx.host())
        && !origin.equals("https://" + ctx.host())) {
      throw new Denied(AdminAuth.Verdict.PERMISSION_DENIED, "cross-origin admin changes are "
          + "rejected: Origin " + origin + " does not match Host " + ctx.host());
    }
    if (!auth.hasToken() && !isLoopbackHost(ctx.host())) {
      throw new Denied(AdminAuth.Verdict.PERMISSION_DENIED, "admin changes without "
          + "--admin-token need a loopback Host header such as localhost, got " + ctx.host());
    }

    InetSocketAddress remote;
    try {
      // The servlet returns an IP literal, so this parses it without a DNS lookup.
      remote = new InetSocketAddress(InetAddress.getByName(ctx.req().getRemoteAddr()),
          ctx.req().getRemotePort());
    } catch (UnknownHostException e) {
      remote = null;
    }
    AdminAuth.Decision decision = auth.check(ctx.header("Authorization"), remote);
    if (decision.verdict() != AdminAuth.Verdict.ALLOWED) {
      log.debug("admin change from {} rejected: {}", decision.actor(), decision.message());
      throw new Denied(decision.verdict(), decision.message());
    }
    return decision.actor();
  }

  /** Returns whether a Host header names localhost or a loopback IP, with any port. */
  static boolean isLoopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.startsWith("[")
        ? host.substring(1, Math.max(1, host.indexOf(']')))
        : host.replaceFirst(":\\d+$", "");
    return name.equalsIgnoreCase("localhost") || name.equals("::1")
        || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static void reply(Context ctx, MessageOrBuilder message) {
    ctx.contentType("application/json").result(AdminJson.print(message));
  }

  private static void error(Context ctx, int status, String error, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    ctx.status(status).json(body);
  }

  private static int unsignedInt(String name, String value) throws AdminException {
    long parsed = parseLong(name, value);
    if (parsed < 0 || parsed > 0xFFFF_FFFFL) {
      throw invalid("invalid " + name + " '" + value + "': use 0 to 4294967295");
    }
    return (int) parsed;
  }

  private static long parseLong(String name, String value) throws AdminException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw invalid("invalid " + name + " '" + value + "': use a whole number");
    }
  }

  private static AdminException invalid(String message) {
    return new AdminException(AdminException.Kind.INVALID_ARGUMENT, message);
  }

  /** A caller that may not change state. */
  private static final class Denied extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient AdminAuth.Verdict verdict;

    Denied(AdminAuth.Verdict verdict, String message) {
      super(message);
      this.verdict = verdict;
    }
  }
}
