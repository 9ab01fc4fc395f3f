package dev.ratewise.identity;

import dev.ratewise.config.TenantSpec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * API keys added at runtime, beside the config's {@code tenants}. A lookup never fails. A
 * directory that fails or times out completes with empty, so the key counts as unknown.
 */
public interface KeyDirectory extends AutoCloseable {
  /** The empty directory, used when Redis is not configured. */
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
