package dev.ratewise.config;

import java.util.List;

/**
 * How ext_authz Check finds the caller and builds descriptors, from the {@code identity} section.
 *
 * @param domain the domain Check evaluates descriptors against; defaults to the only domain
 * @param header the request header that carries the API key, compared without case
 * @param contextExtension the {@code context_extensions} key that carries the API key instead,
 *     when not empty
 * @param anonymousPolicy what happens to callers with no key or an unknown key
 * @param descriptors the descriptor template: each entry is a list of entry keys, taken from
 *     {@code tier}, {@code tenant} and {@code remote_address}; for anonymous callers {@code tenant}
 *     becomes {@code remote_address} with the source address
 * @param redisHash the Redis hash that maps more API keys to "tenant:tier" at runtime
 */
public record IdentitySpec(
    String domain,
    String header,
    String contextExtension,
    AnonymousPolicy anonymousPolicy,
    List<List<String>> descriptors,
    String redisHash) {

  /** What Check does with a caller that has no key or an unknown key. */
  public enum AnonymousPolicy {
    /** Put the caller in the lowest tier, limited per source address. */
    ANONYMOUS,
    /** Answer 401. */
    REJECT
  }

  public IdentitySpec {
    descriptors = descriptors.stream().map(List::copyOf).toList();
  }

  /** Returns the defaults used when a config has no {@code identity} section. */
  public static IdentitySpec defaults() {
    return new IdentitySpec(
        "",
        "x-api-key",
        "",
        AnonymousPolicy.ANONYMOUS,
        List.of(List.of("tier"), List.of("tier", "tenant")),
        "ratewise:api_keys");
  }
}
