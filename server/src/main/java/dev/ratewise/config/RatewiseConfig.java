package dev.ratewise.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything loaded from the config files: the domains in envoyproxy/ratelimit format and the
 * ratewise additions. Immutable; a reload builds a new one.
 *
 * @param domains every domain by name
 * @param tiers tier names from highest to lowest; empty when the config names none
 * @param tenants API keys by key
 * @param identity how Check identifies callers
 * @param tuning the decision loop's global settings
 * @param sources the files the config was loaded from, for logs
 */
public record RatewiseConfig(
    Map<String, DomainConfig> domains,
    List<String> tiers,
    Map<String, TenantSpec> tenants,
    IdentitySpec identity,
    TuningSpec tuning,
    List<String> sources) {

  public RatewiseConfig {
    domains = Map.copyOf(domains);
    tiers = List.copyOf(tiers);
    tenants = Map.copyOf(tenants);
    sources = List.copyOf(sources);
  }

  /** Returns the lowest tier, which anonymous callers get. */
  public Optional<String> lowestTier() {
    return tiers.isEmpty() ? Optional.empty() : Optional.of(tiers.get(tiers.size() - 1));
  }

  /** Returns the domain Check uses: the configured one, or the only domain when there is one. */
  public Optional<String> identityDomain() {
    if (!identity.domain().isEmpty()) {
      return Optional.of(identity.domain());
    }
    return domains.size() == 1 ? domains.keySet().stream().findFirst() : Optional.empty();
  }
}
