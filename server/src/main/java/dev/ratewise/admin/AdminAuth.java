package dev.ratewise.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Decides whether a caller may change state through the admin API. With a token configured,
 * a caller must send {@code authorization: Bearer <token>}, from any address. Without one, only
 * loopback callers may change state. Reads need no check.
 */
final class AdminAuth {
  private static final String BEARER = "Bearer ";

  private final byte[] tokenDigest;

  /** @param token the admin token; null or blank allows only loopback callers */
  AdminAuth(String token) {
    this.tokenDigest = token == null || token.isBlank() ? null : sha256(token);
  }

  /** Returns whether a token is configured, so remote callers may change state with it. */
  boolean hasToken() {
    return tokenDigest != null;
  }

  /** The outcome of a check. */
  enum Verdict {
    ALLOWED,
    /** HTTP 401, gRPC UNAUTHENTICATED: the bearer token is missing or wrong. */
    UNAUTHENTICATED,
    /** HTTP 403, gRPC PERMISSION_DENIED: no token is configured and the caller is remote. */
    PERMISSION_DENIED
  }

  /**
   * The outcome and who the caller is.
   *
   * @param actor "operator:<address>" for the audit trail
   * @param message why the caller was turned away; empty when allowed
   */
  record Decision(Verdict verdict, String actor, String message) {}

  /**
   * Checks a caller.
   *
   * @param authorization the authorization header or metadata value; null when absent
   * @param remote the caller's address; a non-IP address counts as remote
   */
  Decision check(String authorization, SocketAddress remote) {
    String actor = "operator:" + describe(remote);
    if (tokenDigest == null) {
      return isLoopback(remote)
          ? new Decision(Verdict.ALLOWED, actor, "")
          : new Decision(Verdict.PERMISSION_DENIED, actor,
              "admin changes are allowed only from loopback when no --admin-token is set");
    }
    // RFC 7235 makes the scheme name case-insensitive, so "bearer" and "BEARER" count too.
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return new Decision(Verdict.UNAUTHENTICATED, actor,
          "missing admin token: send the header authorization: Bearer <token>");
    }
    byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
    // Both digests are 32 bytes, so MessageDigest.isEqual compares them in constant time.
    return MessageDigest.isEqual(presented, tokenDigest)
        ? new Decision(Verdict.ALLOWED, actor, "")
        : new Decision(Verdict.UNAUTHENTICATED, actor, "invalid admin token");
  }

  private static boolean isLoopback(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet)) {
      return false;
    }
    InetAddress address = inet.getAddress();
    return address != null && address.isLoopbackAddress();
  }

  private static String describe(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return "unknown";
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
