package dev.ratewise.store.redis;

import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters in Redis. One {@code increment} call is one EVALSHA of {@link CounterScript} for a
 * single server, or one EVALSHA per hash slot, sent in parallel, for a cluster. Every call is
 * asynchronous: nothing here blocks the caller's thread except {@link #open}. Failures complete
 * the future with a {@link RedisStoreException}.
 */
public final class RedisCounterStore implements CounterStore {
  private static final Logger log = LoggerFactory.getLogger(RedisCounterStore.class);

  /** The key of the start-up read. Counter keys put a digit after "rw:", so none matches it. */
  static final String WARM_UP_KEY = "rw:startup-read";

  /** Start-up reads tried at most while each times out. */
  private static final int WARM_UP_ATTEMPTS = 3;

  private final RedisClusterAsyncCommands<String, String> commands;
  private final Runnable closer;
  private final boolean cluster;
  private final String description;
  private final String sha;
  private final AtomicReference<CompletableFuture<String>> reload = new AtomicReference<>();

  private RedisCounterStore(RedisConnector.Opened connection, boolean cluster,
      String description, String sha) {
    this.commands = connection.commands();
    this.closer = connection.closer();
    this.cluster = cluster;
    this.description = description;
    this.sha = sha;
  }

  /**
   * Connects and loads the counter script, blocking until both are done.
   *
   * @param url a Lettuce URI: {@code redis://}, {@code rediss://}, {@code redis-socket://} or
   *     {@code redis-sentinel://}; with {@code cluster}, any one node of the cluster
   * @param cluster whether the URL names a Redis Cluster node
   * @param commandTimeout the timeout of each EVALSHA; use the limiter's store timeout
   * @throws IllegalArgumentException when the URL is invalid, or is a Sentinel URL with cluster
   * @throws RedisStoreException when Redis cannot be reached or rejects the script
   */
  public static RedisCounterStore open(String url, boolean cluster, Duration commandTimeout) {
    RedisURI uri = RedisUrls.parse(url, cluster);
    String description = RedisUrls.describe(uri);
    RedisConnector.Opened connection;
    try {
      connection = RedisConnector.connect(uri, cluster, commandTimeout);
    } catch (RuntimeException e) {
      throw RedisFailures.translate(e, "connect", description);
    }
    try {
      String sha = connection.commands().scriptLoad(CounterScript.TEXT)
          .get(RedisConnector.ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      RedisCounterStore store = new RedisCounterStore(connection, cluster, description, sha);
      store.warmUp();
      log.info("counter store connected to {}{}, script {}", description,
          cluster ? " (cluster)" : "", sha);
      return store;
    } catch (InterruptedException | ExecutionException | TimeoutException
        | RuntimeException e) {
      connection.closer().run();
      throw RedisFailures.translate(e, "SCRIPT LOAD", description);
    }
  }

  /**
   * Runs the script as a read of a key that is never written, so the first request does not
   * pay for loading the classes of the EVALSHA path, which alone can take longer than a 15 ms
   * store timeout. A read that times out still loads them, so up to
   * {@link #WARM_UP_ATTEMPTS} reads are tried before startup goes on without a fast one.
   */
  private void warmUp() throws InterruptedException, ExecutionException, TimeoutException {
    List<CounterIncrement> read = List.of(new CounterIncrement(WARM_UP_KEY, 0, 1));
    for (int attempt = 1; attempt <= WARM_UP_ATTEMPTS; attempt++) {
      try {
        evaluate(read).get(RedisConnector.ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RedisStoreException failure)
            || failure.kind() != RedisStoreException.Kind.TIMEOUT) {
          throw e;
        }
      }
    }
    log.warn("the start-up read on {} timed out {} times within the store timeout; the first "
        + "requests may time out too", description, WARM_UP_ATTEMPTS);
  }

  @Override
  public CompletableFuture<long[]> increment(List<CounterIncrement> increments) {
    for (CounterIncrement increment : increments) {
      check(increment);
    }
    if (increments.isEmpty()) {
      return CompletableFuture.completedFuture(new long[0]);
    }

    if (!cluster) {
      return evaluate(increments);
    }
    return evaluateBySlot(increments);
  }

  private static void check(CounterIncrement increment) {
    if (increment.hits() < 0) {
      throw new IllegalArgumentException("hits must not be negative, got " + increment.hits()
          + " for key " + increment.key());
    }
    // EXPIRE with 0 or less would delete the counter it just created.
    if (increment.ttlSeconds() < 1) {
      throw new IllegalArgumentException("ttlSeconds must be at least 1, got "
          + increment.ttlSeconds() + " for key " + increment.key());
    }
  }

  /** Runs one EVALSHA a hash slot, in parallel, and puts the totals back in request order. */
  private CompletableFuture<long[]> evaluateBySlot(List<CounterIncrement> increments) {
    List<int[]> groups = SlotGroups.of(increments);
    if (groups.size() == 1) {
      return evaluate(increments);
    }
    long[] totals = new long[increments.size()];
    CompletableFuture<?>[] calls = new CompletableFuture<?>[groups.size()];
    for (int g = 0; g < calls.length; g++) {
      int[] indexes = groups.get(g);
      calls[g] = evaluate(SlotGroups.select(increments, indexes))
          .thenAccept(groupTotals -> {
            for (int i = 0; i < indexes.length; i++) {
              totals[indexes[i]] = groupTotals[i];
            }
          });
    }
    return CompletableFuture.allOf(calls).thenApply(done -> totals);
  }

  /** Runs the script once for keys of one slot; on NOSCRIPT, reloads it and retries once. */
  private CompletableFuture<long[]> evaluate(List<CounterIncrement> increments) {
    String[] keys = CounterScript.keys(increments);
    String[] arguments = CounterScript.arguments(increments);
    return evalsha(sha, keys, arguments)
        .handle((reply, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(reply);
          }
          if (!RedisFailures.isNoScript(error)) {
            return CompletableFuture.<List<Object>>failedFuture(error);
          }
          return reloadScript().thenCompose(loaded -> evalsha(loaded, keys, arguments));
        })
        .thenCompose(reply -> reply)
        .handle((reply, error) -> {
          if (error != null) {
            throw RedisFailures.translate(error, "EVALSHA", description);
          }
          return CounterScript.totals(reply, keys.length);
        });
  }

  private CompletableFuture<List<Object>> evalsha(String digest, String[] keys,
      String[] arguments) {
    return commands.<List<Object>>evalsha(digest, ScriptOutputType.MULTI, keys, arguments)
        .toCompletableFuture();
  }

  /**
   * Loads the script again after Redis lost it. Calls that see NOSCRIPT together share one
   * SCRIPT LOAD. For a cluster, Lettuce sends SCRIPT LOAD to every primary.
   */
  private CompletableFuture<String> reloadScript() {
    CompletableFuture<String> current = reload.get();
    if (current != null && !current.isDone()) {
      return current;
    }
    CompletableFuture<String> next = new CompletableFuture<>();
    if (!reload.compareAndSet(current, next)) {
      return reload.get();
    }
    commands.scriptLoad(CounterScript.TEXT).whenComplete((loaded, error) -> {
      if (error != null) {
        next.completeExceptionally(error);
        return;
      }
      log.info("reloaded the counter script into {} after NOSCRIPT, as Redis restarted or "
          + "was flushed", description);
      next.complete(loaded);
    });
    return next;
  }

  /** Sends PING; the future fails with a {@link RedisStoreException}. */
  @Override
  public CompletableFuture<Void> ping() {
    return commands.ping().toCompletableFuture().handle((pong, error) -> {
      if (error != null) {
        throw RedisFailures.translate(error, "PING", description);
      }
      return null;
    });
  }

  /** Returns the URL without user name or password. */
  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    closer.run();
    log.info("counter store disconnected from {}", description);
  }
}
