package dev.ratewise.envoy;

import dev.ratewise.identity.Credentials;
import dev.ratewise.store.StoreUnavailableException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP form of the check, for proxies without gRPC ext_authz, such as nginx
 * {@code auth_request} or Envoy's HTTP ext_authz service. Any method on {@code /ext_authz/*}
 * is checked; the rest of the path is the original request's path and the headers are the
 * original ones. 200 allows, 429 rate limits, 401 and 403 reject the key; all carry the same
 * headers as the gRPC response.
 *
 * <p>The source address is the TCP peer. A loopback peer is a trusted local proxy, so its
 * {@code X-Real-IP} header names the caller instead.
 */
public final class HttpAuthorization {
  /** The path prefix; {@code /ext_authz/v1/orders?x=1} checks {@code /v1/orders?x=1}. */
  public static final String PATH_PREFIX = "/ext_authz";
  /** The header a local proxy sets to the caller's address. */
  static final String REAL_IP = "X-Real-IP";
  /** The maximum X-Real-IP length used, in characters; an IPv6 address with a zone fits. */
  static final int MAX_ADDRESS_LENGTH = 64;

  /**
   * The largest request header block the HTTP server accepts, in bytes. Jetty's default of
   * 8 KiB rejects with 431 a request with a large cookie, and nginx turns that into a 500 for the
   * caller; Envoy's own default limit is 60 KiB.
   */
  static final int MAX_REQUEST_HEADER_BYTES = 256 * 1024;

  private static final Logger log = LoggerFactory.getLogger(HttpAuthorization.class);
  private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST,
      HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.HEAD,
      HandlerType.OPTIONS);

  private final AuthorizationCheck authorization;

  private HttpAuthorization(AuthorizationCheck authorization) {
    this.authorization = authorization;
  }

  /**
   * Adds the {@code /ext_authz} routes for every common method, and raises the server's header
   * size limit to {@link #MAX_REQUEST_HEADER_BYTES}. Call it before the server starts.
   */
  public static void register(Javalin app, AuthorizationCheck authorization) {
    app.unsafeConfig().jetty.modifyHttpConfiguration(
        config -> config.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES));
    HttpAuthorization handler = new HttpAuthorization(authorization);
    for (HandlerType method : METHODS) {
      app.addHttpHandler(method, PATH_PREFIX + "/<path>", handler::handle);
      app.addHttpHandler(method, PATH_PREFIX + "/", handler::handle);
    }
  }

  private void handle(Context ctx) {
    String header = authorization.identitySpec().header();
    List<String> values = Collections.list(ctx.req().getHeaders(header));
    // Repeated headers are joined as Envoy joins them, so they count as more than one key.
    String key = values.isEmpty() ? null : String.join(",", values);
    Credentials credentials = new Credentials(key, "header " + header, sourceAddress(ctx));

    ctx.future(() -> authorization.check(credentials)
        .handle((decision, error) -> {
          if (error != null) {
            fail(ctx, error);
          } else {
            answer(ctx, decision);
          }
          return null;
        }));
  }

  private static String sourceAddress(Context ctx) {
    return sourceAddress(ctx.req().getRemoteAddr(), ctx.header(REAL_IP));
  }

  /**
   * Returns the caller's address: {@code realIp} when the peer is a loopback address and
   * {@code realIp} is present and at most {@link #MAX_ADDRESS_LENGTH} characters, else the peer.
   */
  static String sourceAddress(String peer, String realIp) {
    if (isLoopback(peer) && realIp != null && !realIp.isBlank()
        && realIp.trim().length() <= MAX_ADDRESS_LENGTH) {
      return realIp.trim();
    }
    return peer;
  }

  private static boolean isLoopback(String address) {
    return address != null && (address.startsWith("127.") || address.startsWith("::ffff:127.")
        || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")
        || address.equals("[::1]"));
  }

  private static void answer(Context ctx, CheckDecision decision) {
    ctx.status(decision.httpStatus());
    for (String[] header : decision.identityHeaders()) {
      ctx.header(header[0], header[1]);
    }
    for (String[] header : decision.rateLimitHeaders()) {
      ctx.header(header[0], header[1]);
    }
    if (decision.verdict() != CheckDecision.Verdict.ALLOWED) {
      ctx.contentType("application/json").result(decision.body());
    }
  }

  private static void fail(Context ctx, Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
    if (cause instanceof StoreUnavailableException) {
      ctx.status(503).json(Map.of("error", "store_unavailable", "message", cause.getMessage()));
    } else if (cause instanceof AuthorizationCheck.MissingIdentityDomainException) {
      ctx.status(500).json(Map.of("error", "misconfigured", "message", cause.getMessage()));
    } else {
      log.error("HTTP check of {} {} failed unexpectedly", ctx.method(), ctx.path(), cause);
      ctx.status(500).json(Map.of("error", "internal_error"));
    }
  }
}
