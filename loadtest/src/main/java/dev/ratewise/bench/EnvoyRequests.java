package dev.ratewise.bench;

import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;

/**
 * Builds {@code ShouldRateLimit} requests shaped like the ones Envoy's rate limit filter sends.
 * Requests are built before a run, so the load generator does not spend its CPU on them.
 */
final class EnvoyRequests {
  private EnvoyRequests() {}

  /**
   * Returns one request per tenant, each with the single descriptor
   * {@code [tier=enterprise, tenant=tenant-<i>]} in domain {@code ratewise}, which the bundled
   * example config limits per tenant.
   */
  static RateLimitRequest[] enterpriseTenants(int tenants) {
    RateLimitRequest[] requests = new RateLimitRequest[tenants];
    for (int i = 0; i < tenants; i++) {
      requests[i] = RateLimitRequest.newBuilder()
          .setDomain("ratewise")
          .addDescriptors(descriptor("tier", "enterprise", "tenant", "tenant-" + i))
          .build();
    }
    return requests;
  }

  /**
   * Returns one request per tenant in domain {@code bench}, each with {@code descriptors}
   * descriptors {@code [d0=tenant-<i>]}, {@code [d1=tenant-<i>]} and so on, which the bench
   * config limits one by one.
   */
  static RateLimitRequest[] spread(int tenants, int descriptors) {
    RateLimitRequest[] requests = new RateLimitRequest[tenants];
    for (int i = 0; i < tenants; i++) {
      RateLimitRequest.Builder request = RateLimitRequest.newBuilder().setDomain("bench");
      for (int d = 0; d < descriptors; d++) {
        request.addDescriptors(descriptor("d" + d, "tenant-" + i));
      }
      requests[i] = request.build();
    }
    return requests;
  }

  /** Returns the one request {@code [hot=one]} in domain {@code bench}. */
  static RateLimitRequest[] hotKey() {
    return new RateLimitRequest[] {
        RateLimitRequest.newBuilder().setDomain("bench").addDescriptors(descriptor("hot", "one"))
            .build()};
  }

  private static RateLimitDescriptor descriptor(String... keysAndValues) {
    RateLimitDescriptor.Builder descriptor = RateLimitDescriptor.newBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      descriptor.addEntries(RateLimitDescriptor.Entry.newBuilder()
          .setKey(keysAndValues[i]).setValue(keysAndValues[i + 1]));
    }
    return descriptor.build();
  }
}
