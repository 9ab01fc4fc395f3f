package dev.ratewise.loadtest;

import dev.ratewise.config.TenantSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The callers of one phase: the configured API keys grouped by tier, optionally narrowed to a
 * few keys, and a pool of source addresses. Narrowing the keys or the address pool models a
 * flood from one tenant or from a few machines.
 */
final class CallerPool {
  private final Map<String, List<TenantSpec>> tenantsByTier = new LinkedHashMap<>();
  private final String lowestTier;
  private final int addresses;

  /**
   * @param tenants every configured API key
   * @param lowestTier the tier ratewise puts anonymous callers in
   * @param mix the tiers this pool must serve; each keyed tier needs at least one key
   * @param onlyKeys the API keys to use; empty uses every key
   * @param addresses the number of distinct source addresses, at least 1
   */
  CallerPool(Collection<TenantSpec> tenants, String lowestTier, TierMix mix, Set<String> onlyKeys,
      int addresses) {
    if (addresses < 1) {
      throw new IllegalArgumentException("addresses must be at least 1, got " + addresses);
    }
    this.lowestTier = lowestTier;
    this.addresses = addresses;
    List<TenantSpec> sorted = new ArrayList<>(tenants);
    sorted.sort((a, b) -> a.tenant().compareTo(b.tenant()));
    for (TenantSpec tenant : sorted) {
      if (onlyKeys.isEmpty() || onlyKeys.contains(tenant.apiKey())) {
        tenantsByTier.computeIfAbsent(tenant.tier(), tier -> new ArrayList<>()).add(tenant);
      }
    }
    checkKeysKnown(tenants, onlyKeys);
    for (String tier : mix.tiers()) {
      if (!tier.equals(TierMix.ANONYMOUS) && !tenantsByTier.containsKey(tier)) {
        throw new IllegalArgumentException("mix names tier " + tier
            + ", but no API key of that tier is configured" + (onlyKeys.isEmpty() ? "" : " in keys")
            + "; known tiers: " + tenantsByTier.keySet() + " and " + TierMix.ANONYMOUS);
      }
    }
  }

  private static void checkKeysKnown(Collection<TenantSpec> tenants, Set<String> onlyKeys) {
    for (String key : onlyKeys) {
      if (tenants.stream().noneMatch(tenant -> tenant.apiKey().equals(key))) {
        throw new IllegalArgumentException(
            "keys lists an API key that the ratewise config does not define; check its spelling");
      }
    }
  }

  /** Picks a caller of {@code tier}: a random key of that tier and a random source address. */
  Caller next(String tier, RandomGenerator random) {
    String address = address(random.nextInt(addresses));
    if (tier.equals(TierMix.ANONYMOUS)) {
      return new Caller(tier, lowestTier, null, null, address);
    }
    List<TenantSpec> candidates = tenantsByTier.get(tier);
    TenantSpec tenant = candidates.get(random.nextInt(candidates.size()));
    return new Caller(tier, tier, tenant.tenant(), tenant.apiKey(), address);
  }

  /** Maps an index to an address in 10.0.0.0/8, such as 0 to 10.0.0.1 and 250 to 10.0.1.1. */
  static String address(int index) {
    int host = index % 250 + 1;
    int third = index / 250 % 256;
    int second = index / 250 / 256 % 256;
    return "10." + second + "." + third + "." + host;
  }
}
