package dev.ratewise.identity;

/**
 * A caller that may proceed to rate limiting.
 *
 * @param tenant the tenant of the caller's API key; empty for anonymous callers
 * @param tier the tier whose limits apply
 * @param anonymous whether the caller had no known key and is limited per source address
 * @param sourceAddress the caller's address, as Envoy or the proxy reported it
 */
public record Identity(String tenant, String tier, boolean anonymous, String sourceAddress)
    implements Identification {

  /** Returns a caller identified by an API key. */
  public static Identity ofTenant(String tenant, String tier, String sourceAddress) {
    return new Identity(tenant, tier, false, sourceAddress);
  }

  /** Returns a caller without a known key, put in the given tier. */
  public static Identity anonymous(String tier, String sourceAddress) {
    return new Identity("", tier, true, sourceAddress);
  }
}
