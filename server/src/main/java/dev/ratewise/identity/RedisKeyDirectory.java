package dev.ratewise.identity;

import dev.ratewise.config.TenantSpec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys in a Redis hash, one field per key with the value {@code tenant:tier}, so operators
 * add keys at runtime with {@code HSET ratewise:api_keys KEY acme:enterprise}.
 *
 * <p>Each lookup is one {@code HGET} through Lettuce's async API, bounded by a timeout. Results,
 * including "not found", are cached for a short time so a busy key costs one round trip per
 * cache period. When Redis fails or times out, a cached result up to {@link #STALE_LIMIT} old
 * is used; without one the key counts as unknown. Failing and recovering are each logged once.
 */
public final class RedisKeyDirectory implements KeyDirectory {
  /** The oldest cached result used while Redis fails. */
  static final Duration STALE_LIMIT = Duration.ofMinutes(5);
  /** The maximum number of cached results; above it, stale ones are dropped, then all. */
  static final int MAX_ENTRIES = 10_000;
  /** The shortest time between two attempts to open the first connection. */
  static final Duration CONNECT_RETRY = Duration.ofSeconds(1);
  /** The shortest time between two warnings about invalid hash values. */
  static final Duration INVALID_VALUE_LOG_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(RedisKeyDirectory.class);

  private final RedisClient client;
  private final RedisURI uri;
  /** host:port for logs; the URI itself may carry a password. */
  private final String address;
  private final Supplier<String> hashName;
  private final Duration lookupTimeout;
  private final long cacheMillis;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Optional<TenantSpec>>> inFlight =
      new ConcurrentHashMap<>();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicLong nextInvalidValueLog = new AtomicLong(Long.MIN_VALUE);
  private CompletableFuture<StatefulRedisConnection<String, String>> connection;
  private long nextConnectMillis;

  /**
   * Creates the directory; it connects on the first lookup, so a Redis that is down at startup
   * does not stop ratewise from starting.
   *
   * @param redisUrl a Lettuce URI such as redis://127.0.0.1:6379
   * @param hashName the current {@code identity.redis_hash}, read on every lookup
   * @param lookupTimeout how long one HGET may take before the key counts as unknown
   * @param cacheTtl how long a lookup result is reused before Redis is asked again
   */
  public RedisKeyDirectory(String redisUrl, Supplier<String> hashName, Duration lookupTimeout,
      Duration cacheTtl, Clock clock) {
    this.uri = RedisURI.create(redisUrl);
    this.address = uri.getHost() != null
        ? uri.getHost() + ":" + uri.getPort()
        : "sentinel master " + uri.getSentinelMasterId();
    this.client = RedisClient.create();
    this.client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    this.hashName = hashName;
    this.lookupTimeout = lookupTimeout;
    this.cacheMillis = cacheTtl.toMillis();
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Optional<TenantSpec>> find(String apiKey) {
    String hash = hashName.get();
    String cacheKey = hash + '\n' + apiKey;
    long nowMillis = clock.millis();
    Cached cached = cache.get(cacheKey);
    if (cached != null && nowMillis - cached.fetchedMillis() < cacheMillis) {
      return CompletableFuture.completedFuture(cached.tenant());
    }

    // Concurrent lookups of one key share a single HGET.
    CompletableFuture<Optional<TenantSpec>> pending = new CompletableFuture<>();
    CompletableFuture<Optional<TenantSpec>> running = inFlight.putIfAbsent(cacheKey, pending);
    if (running != null) {
      return running;
    }
    fetch(hash, apiKey).whenComplete((value, error) -> {
      Optional<TenantSpec> answer = error == null
          ? remember(cacheKey, parse(apiKey, hash, value))
          : staleOrEmpty(cacheKey, error);
      inFlight.remove(cacheKey, pending);
      pending.complete(answer);
    });
    return pending;
  }

  private CompletableFuture<String> fetch(String hash, String apiKey) {
    try {
      return connection()
          .thenCompose(open -> open.async().hget(hash, apiKey).toCompletableFuture())
          .orTimeout(lookupTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private synchronized CompletableFuture<StatefulRedisConnection<String, String>> connection() {
    long nowMillis = clock.millis();
    boolean retry = connection != null && connection.isCompletedExceptionally()
        && nowMillis >= nextConnectMillis;
    if (connection == null || retry) {
      nextConnectMillis = nowMillis + CONNECT_RETRY.toMillis();
      connection = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
    }
    return connection;
  }

  private Optional<TenantSpec> parse(String apiKey, String hash, String value) {
    if (value == null) {
      return Optional.empty();
    }
    // "acme:enterprise"; the last colon splits, so tenant names may contain colons.
    int colon = value.lastIndexOf(':');
    String tenant = colon < 0 ? "" : value.substring(0, colon).trim();
    String tier = colon < 0 ? "" : value.substring(colon + 1).trim();
    if (tenant.isEmpty() || tier.isEmpty()) {
      warnInvalidValue(hash);
      return Optional.empty();
    }
    return Optional.of(new TenantSpec(apiKey, tenant, tier));
  }

  private Optional<TenantSpec> remember(String cacheKey, Optional<TenantSpec> tenant) {
    long nowMillis = clock.millis();
    if (cache.size() >= MAX_ENTRIES) {
      cache.values().removeIf(old -> nowMillis - old.fetchedMillis() >= STALE_LIMIT.toMillis());
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
    }
    cache.put(cacheKey, new Cached(tenant, nowMillis));
    if (failing.compareAndSet(true, false)) {
      log.info("API key lookups in Redis {} succeed again", address);
    }
    return tenant;
  }

  private Optional<TenantSpec> staleOrEmpty(String cacheKey, Throwable error) {
    if (failing.compareAndSet(false, true)) {
      log.warn("API key lookups in Redis {} failed; using cached results up to {} old, and "
          + "treating other keys as unknown: {}", address, STALE_LIMIT, describe(error));
    }
    Cached cached = cache.get(cacheKey);
    if (cached != null && clock.millis() - cached.fetchedMillis() < STALE_LIMIT.toMillis()) {
      return cached.tenant();
    }
    return Optional.empty();
  }

  private void warnInvalidValue(String hash) {
    long nowMillis = clock.millis();
    long next = nextInvalidValueLog.get();
    if (nowMillis >= next && nextInvalidValueLog.compareAndSet(next,
        nowMillis + INVALID_VALUE_LOG_INTERVAL.toMillis())) {
      log.warn("Redis hash {} has a value that is not tenant:tier; that key counts as unknown",
          hash);
    }
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Returns whether the last lookup failed. */
  public boolean isFailing() {
    return failing.get();
  }

  @Override
  public void close() {
    CompletableFuture<StatefulRedisConnection<String, String>> open;
    synchronized (this) {
      open = connection;
    }
    if (open != null && open.isDone() && !open.isCompletedExceptionally()) {
      open.join().close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private record Cached(Optional<TenantSpec> tenant, long fetchedMillis) {}
}
