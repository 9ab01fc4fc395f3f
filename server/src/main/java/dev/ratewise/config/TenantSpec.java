package dev.ratewise.config;

/** An API key mapped to its tenant and tier, from the {@code tenants} section. */
public record TenantSpec(String apiKey, String tenant, String tier) {
  @Override
  public String toString() {
    // The key is a secret: never print it.
    return "TenantSpec[tenant=" + tenant + ", tier=" + tier + "]";
  }
}
