package dev.ratewise.loadtest;

/**
 * One simulated client request's identity.
 *
 * @param tier the tier label in reports: a configured tier or {@link TierMix#ANONYMOUS}
 * @param limitTier the tier that ratewise limits the caller in; anonymous callers get the lowest
 * @param tenant the tenant name, or null for an anonymous caller
 * @param apiKey the API key sent in {@code x-api-key}, or null for an anonymous caller
 * @param sourceAddress the client IP that Envoy would report
 */
record Caller(String tier, String limitTier, String tenant, String apiKey, String sourceAddress) {
  boolean anonymous() {
    return apiKey == null;
  }

  @Override
  public String toString() {
    // The key is a secret in real deployments: never print it.
    return "Caller[tier=" + tier + ", tenant=" + tenant + ", source=" + sourceAddress + "]";
  }
}
