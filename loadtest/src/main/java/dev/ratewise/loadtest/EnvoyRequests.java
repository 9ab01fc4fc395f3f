package dev.ratewise.loadtest;

import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;

/**
 * Builds the requests Envoy sends for a caller. ShouldRateLimit carries the descriptors that
 * route actions produce once ext_authz has set the tier and tenant headers: {@code [tier]},
 * {@code [tier, tenant]} (or {@code [tier, remote_address]} for anonymous callers) and the edge
 * guard {@code [generic_key=edge, remote_address]}. Check carries the attributes the ext_authz
 * filter fills: lower-case headers, the path with its query and the source address.
 */
final class EnvoyRequests {
  private static final String HOST = "api.example.com";

  private final String domain;

  /** @param domain the rate limit domain, {@code ratewise} in the bundled config */
  EnvoyRequests(String domain) {
    this.domain = domain;
  }

  RateLimitRequest rateLimit(Caller caller) {
    RateLimitDescriptor perCaller = caller.anonymous()
        ? descriptor("tier", caller.limitTier(), "remote_address", caller.sourceAddress())
        : descriptor("tier", caller.limitTier(), "tenant", caller.tenant());
    return RateLimitRequest.newBuilder()
        .setDomain(domain)
        .addDescriptors(descriptor("tier", caller.limitTier()))
        .addDescriptors(perCaller)
        .addDescriptors(descriptor("generic_key", "edge", "remote_address",
            caller.sourceAddress()))
        .build();
  }

  /** @param sequence a number that varies the path's query and the request id */
  CheckRequest check(Caller caller, long sequence) {
    String path = "/api/items?page=" + (sequence % 100);
    AttributeContext.HttpRequest.Builder http = AttributeContext.HttpRequest.newBuilder()
        .setId(Long.toHexString(sequence))
        .setMethod("GET")
        .setPath(path)
        .setHost(HOST)
        .setScheme("https")
        .setProtocol("HTTP/1.1")
        .putHeaders(":authority", HOST)
        .putHeaders(":method", "GET")
        .putHeaders(":path", path)
        .putHeaders(":scheme", "https")
        .putHeaders("user-agent", "ratewise-loadtest")
        .putHeaders("x-forwarded-for", caller.sourceAddress())
        .putHeaders("x-request-id", Long.toHexString(sequence));
    if (!caller.anonymous()) {
      http.putHeaders("x-api-key", caller.apiKey());
    }
    Address source = Address.newBuilder()
        .setSocketAddress(SocketAddress.newBuilder()
            .setAddress(caller.sourceAddress())
            .setPortValue(40000 + (int) (sequence % 20000)))
        .build();
    return CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(AttributeContext.Peer.newBuilder().setAddress(source))
            .setRequest(AttributeContext.Request.newBuilder().setHttp(http)))
        .build();
  }

  private static RateLimitDescriptor descriptor(String... keysAndValues) {
    RateLimitDescriptor.Builder builder = RateLimitDescriptor.newBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.addEntries(RateLimitDescriptor.Entry.newBuilder()
          .setKey(keysAndValues[i])
          .setValue(keysAndValues[i + 1]));
    }
    return builder.build();
  }
}
