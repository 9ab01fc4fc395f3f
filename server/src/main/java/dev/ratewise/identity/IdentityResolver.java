package dev.ratewise.identity;

import dev.ratewise.config.IdentitySpec.AnonymousPolicy;
import dev.ratewise.config.RatewiseConfig;
import dev.ratewise.config.TenantSpec;
import dev.ratewise.identity.Rejection.Reason;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Maps a caller's API key to a tenant and tier. Keys in the config's {@code tenants} win over
 * keys in the {@link KeyDirectory}; callers with no key or an unknown key follow the config's
 * {@code identity.anonymous} policy. The config is read once per call, so a reload applies to
 * the next call.
 */
public final class IdentityResolver {
  /**
   * Longest key accepted, in characters. Keys are short random strings, so a longer value is a
   * mistake or an attack, and it is never sent to Redis.
   */
  public static final int MAX_KEY_LENGTH = 256;

  private final Supplier<RatewiseConfig> config;
  private final KeyDirectory runtimeKeys;

  /**
   * @param config the current config, read on every call
   * @param runtimeKeys keys added at runtime; {@link KeyDirectory#NONE} without Redis
   */
  public IdentityResolver(Supplier<RatewiseConfig> config, KeyDirectory runtimeKeys) {
    this.config = config;
    this.runtimeKeys = runtimeKeys;
  }

  /**
   * Identifies a caller. The future does not fail, because a {@link KeyDirectory} completes with
   * empty when its lookup fails.
   */
  public CompletableFuture<Identification> resolve(Credentials credentials) {
    RatewiseConfig current = config.get();
    String key = credentials.apiKey() == null ? "" : credentials.apiKey().trim();
    if (key.isEmpty()) {
      return done(withoutKey(current, credentials, Reason.MISSING_KEY,
          credentials.keySource() + " is missing; send an API key"));
    }
    if (key.indexOf(',') >= 0) {
      // Envoy joins repeated headers with commas, so "a,b" means the caller sent two keys.
      return done(new Rejection(Reason.MALFORMED_KEY, credentials.keySource()
          + " carries more than one value; send exactly one API key"));
    }
    if (key.length() > MAX_KEY_LENGTH) {
      return done(new Rejection(Reason.MALFORMED_KEY, credentials.keySource() + " is longer than "
          + MAX_KEY_LENGTH + " characters; send a valid API key"));
    }

    TenantSpec configured = current.tenants().get(key);
    if (configured != null) {
      return done(withKey(current, configured, credentials));
    }
    return runtimeKeys.find(key).thenApply(found -> found
        .map(tenant -> withKey(current, tenant, credentials))
        .orElseGet(() -> withoutKey(current, credentials, Reason.UNKNOWN_KEY,
            credentials.keySource() + " is not a valid API key")));
  }

  private static Identification withKey(RatewiseConfig config, TenantSpec tenant,
      Credentials credentials) {
    if (!config.tiers().isEmpty() && !config.tiers().contains(tenant.tier())) {
      return new Rejection(Reason.KEY_NOT_PERMITTED,
          "this API key belongs to tier '" + tenant.tier() + "', which is not served");
    }
    return Identity.ofTenant(tenant.tenant(), tenant.tier(), credentials.sourceAddress());
  }

  private static Identification withoutKey(RatewiseConfig config, Credentials credentials,
      Reason reasonToReject, String message) {
    if (config.identity().anonymousPolicy() == AnonymousPolicy.REJECT) {
      return new Rejection(reasonToReject, message);
    }
    Optional<String> lowest = config.lowestTier();
    if (lowest.isEmpty()) {
      return new Rejection(Reason.NO_ANONYMOUS_TIER,
          message + "; anonymous access is not available because no tiers are configured");
    }
    return Identity.anonymous(lowest.get(), credentials.sourceAddress());
  }

  private static CompletableFuture<Identification> done(Identification identification) {
    return CompletableFuture.completedFuture(identification);
  }
}
