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
 * few keys, and two pools of source addresses: 10.1.0.0/16 for callers with a key and
 * 10.2.0.0/16 for anonymous callers. Narrowing the keys or a pool models a flood from one tenant
 * or from a few machines.
 */
final class CallerPool {
  /** Addresses one /16 pool holds: 250 hosts in each of 260 third octets. */
  static final int MAX_ADDRESSES = 65_000;

  private final Map<String, List<TenantSpec>> tenantsByTier = new LinkedHashMap<>();
  private final String lowestTier;
  private final int addresses;
  private final int anonymousAddresses;

  /**
   * @param tenants every configured API key
   * @param lowestTier the tier ratewise puts anonymous callers in
   * @param mix the tiers this pool must serve; each keyed tier needs at least one key
   * @param onlyKeys the API keys to use; empty uses every key
   * @param addresses the number of distinct source addresses of callers with a key, 1 to 65000
   * @param anonymousAddresses the same for anonymous callers
   */
  CallerPool(Collection<TenantSpec> tenants, String lowestTier, TierMix mix, Set<String> onlyKeys,
      int addresses, int anonymousAddresses) {
    checkAddressCount("addresses", addresses);
    checkAddressCount("anonymous_addresses", anonymousAddresses);
    this.lowestTier = lowestTier;
    this.addresses = addresses;
    this.anonymousAddresses = anonymousAddresses;
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

  private static void checkAddressCount(String field, int count) {
    if (count < 1 || count > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          field + " must be between 1 and " + MAX_ADDRESSES + ", got " + count);
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
    if (tier.equals(TierMix.ANONYMOUS)) {
      return new Caller(tier, lowestTier, null, null,
          address(2, random.nextInt(anonymousAddresses)));
    }
    List<TenantSpec> candidates = tenantsByTier.get(tier);
    TenantSpec tenant = candidates.get(random.nextInt(candidates.size()));
    return new Caller(tier, tier, tenant.tenant(), tenant.apiKey(),
        address(1, random.nextInt(addresses)));
  }

  /**
   * Maps an index to an address in 10.{pool}.0.0/16, such as pool 1 index 0 to 10.1.0.1 and
   * index 250 to 10.1.1.1.
   */
  static String address(int pool, int index) {
    return "10." + pool + "." + (index / 250) + "." + (index % 250 + 1);
  }
}
