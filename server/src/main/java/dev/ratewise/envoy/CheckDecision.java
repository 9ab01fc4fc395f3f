package dev.ratewise.envoy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.identity.Identity;
import dev.ratewise.identity.Rejection;
import dev.ratewise.limit.Code;
import dev.ratewise.limit.DescriptorStatus;
import dev.ratewise.limit.LimitResponse;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one authorization check, before it is shaped for gRPC or HTTP: allowed, rate
 * limited, or rejected for its key. Both transports take headers, status and body from here, so
 * they always agree.
 *
 * @param verdict what happened
 * @param identity the caller; null when rejected
 * @param limits the limiter's answer; null when rejected
 * @param rejection why the caller was rejected; null otherwise
 */
public record CheckDecision(
    Verdict verdict, Identity identity, LimitResponse limits, Rejection rejection) {
  /** The upstream request header that carries the caller's tenant. */
  public static final String TENANT_HEADER = "x-ratewise-tenant";
  /** The upstream request header that carries the caller's tier. */
  public static final String TIER_HEADER = "x-ratewise-tier";
  /** The maximum identity header length, in characters; longer tenant names are cut. */
  static final int MAX_HEADER_VALUE = 128;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome of a check. */
  public enum Verdict {
    ALLOWED,
    RATE_LIMITED,
    REJECTED
  }

  static CheckDecision limited(Identity identity, LimitResponse limits) {
    Verdict verdict = limits.overallCode() == Code.OVER_LIMIT
        ? Verdict.RATE_LIMITED
        : Verdict.ALLOWED;
    return new CheckDecision(verdict, identity, limits, null);
  }

  static CheckDecision rejected(Rejection rejection) {
    return new CheckDecision(Verdict.REJECTED, null, null, rejection);
  }

  /** Returns the HTTP status: 200, 429, 401 or 403. */
  public int httpStatus() {
    return switch (verdict) {
      case ALLOWED -> 200;
      case RATE_LIMITED -> 429;
      case REJECTED -> rejection.reason().httpStatus();
    };
  }

  /** Returns the gRPC code Envoy reads from {@code CheckResponse.status}. */
  public Status.Code grpcCode() {
    return switch (verdict) {
      case ALLOWED -> Status.Code.OK;
      case RATE_LIMITED -> Status.Code.RESOURCE_EXHAUSTED;
      case REJECTED -> httpStatus() == 403
          ? Status.Code.PERMISSION_DENIED
          : Status.Code.UNAUTHENTICATED;
    };
  }

  /**
   * Returns the identity headers for the upstream request as name and value pairs. Anonymous
   * callers get only the tier header.
   */
  public List<String[]> identityHeaders() {
    if (identity == null) {
      return List.of();
    }
    List<String[]> headers = new ArrayList<>(2);
    if (!identity.anonymous()) {
      headers.add(new String[] {TENANT_HEADER, headerValue(identity.tenant())});
    }
    headers.add(new String[] {TIER_HEADER, headerValue(identity.tier())});
    return headers;
  }

  /** Returns the identity header names this decision does not set, to strip client copies. */
  public List<String> identityHeadersToRemove() {
    return identity != null && identity.anonymous() ? List.of(TENANT_HEADER) : List.of();
  }

  /**
   * Returns the headers for the downstream response: RateLimit-Limit, -Remaining and -Reset of
   * the most constrained descriptor, and Retry-After when rate limited.
   */
  public List<String[]> rateLimitHeaders() {
    List<String[]> headers = new ArrayList<>(4);
    Optional<DescriptorStatus> constrained = mostConstrained();
    constrained.ifPresent(status -> headers.addAll(RateLimitHeaders.of(status)));
    if (verdict == Verdict.RATE_LIMITED) {
      headers.add(new String[] {"Retry-After", Long.toString(retryAfterSeconds())});
    }
    return headers;
  }

  /** Returns the JSON body of a denial; empty when allowed. */
  public String body() {
    Map<String, Object> body = new LinkedHashMap<>();
    switch (verdict) {
      case ALLOWED -> {
        return "";
      }
      case RATE_LIMITED -> {
        body.put("error", "rate_limited");
        body.put("tier", identity.tier());
        body.put("retry_after_seconds", retryAfterSeconds());
      }
      case REJECTED -> {
        body.put("error", rejection.reason().error());
        body.put("message", rejection.message());
      }
    }
    return toJson(body);
  }

  /**
   * Returns the facts for Envoy's dynamic metadata and access logs: the decision, the tenant
   * (known callers only), the tier, and the limit, remaining count and rule name of the most
   * constrained descriptor.
   */
  public Map<String, Object> metadata() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("decision", verdict.name().toLowerCase(java.util.Locale.ROOT));
    if (rejection != null) {
      metadata.put("reason", rejection.reason().error());
    }
    if (identity != null) {
      if (!identity.anonymous()) {
        metadata.put("tenant", identity.tenant());
      }
      metadata.put("tier", identity.tier());
      metadata.put("anonymous", identity.anonymous());
    }
    mostConstrained().ifPresent(status -> {
      metadata.put("limit", status.rule().requestsPerUnit());
      metadata.put("remaining", status.remaining());
      metadata.put("rule", status.rule().name().isEmpty()
          ? status.rule().id()
          : status.rule().name());
    });
    return metadata;
  }

  long retryAfterSeconds() {
    return RateLimitHeaders.retryAfterSeconds(limits);
  }

  private Optional<DescriptorStatus> mostConstrained() {
    return limits == null ? Optional.empty() : limits.mostConstrained();
  }

  /** Keeps a header value printable ASCII and short, so no tenant name breaks a header. */
  static String headerValue(String value) {
    int length = Math.min(value.length(), MAX_HEADER_VALUE);
    StringBuilder clean = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      clean.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    return clean.toString();
  }

  private static String toJson(Map<String, Object> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // A map of strings and numbers always serializes.
      throw new IllegalStateException("failed to serialize the check response body as JSON", e);
    }
  }
}
