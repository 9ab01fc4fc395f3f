package dev.ratewise.identity;

import dev.ratewise.config.TenantSpec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * API keys added at runtime, beside the config's {@code tenants}. Lookups never fail: a
 * directory that cannot answer in time completes with empty, so the key counts as unknown.
 */
public interface KeyDirectory extends AutoCloseable {
  /** Knows no keys; used when Redis is not configured. */
  KeyDirectory NONE = new KeyDirectory() {
    @Override
    public CompletableFuture<Optional<TenantSpec>> find(String apiKey) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public void close() {}
  };

  /** Looks a key up; completes with empty when the key is unknown or the lookup failed. */
  CompletableFuture<Optional<TenantSpec>> find(String apiKey);

  @Override
  void close();
}
