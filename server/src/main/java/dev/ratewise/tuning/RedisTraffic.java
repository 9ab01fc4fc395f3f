package dev.ratewise.tuning;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.RedisFuture;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole fleet's per-second counts, shared through Redis. Once per second, {@link #flush}
 * adds this replica's counts of the seconds completed since the last flush to a hash per rule
 * and second ({@code HINCRBY} on fields h, a and d) that expires after the telemetry window. The
 * request path never touches Redis. Reads fall back to this replica's own counts when Redis
 * fails, which undercounts demand by the share of the other replicas.
 */
public final class RedisTraffic implements TrafficCounts {
  private static final Logger log = LoggerFactory.getLogger(RedisTraffic.class);
  /** Maximum wait for one flush or read from Redis, in milliseconds. */
  private static final long TIMEOUT_MILLIS = 2_000;
  /** Seconds a flush looks back at most, so a stall does not replay minutes of counts. */
  private static final int MAX_FLUSH_SECONDS = 5;
  private static final String[] FIELDS = {"h", "a", "d"};

  private final RedisAsyncCommands<String, String> redis;
  private final String keyPrefix;
  private final Telemetry local;
  private final Clock clock;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private long flushedThrough;

  /** @param keyPrefix the prefix of every key, such as "ratewise:traffic:" */
  public RedisTraffic(StatefulRedisConnection<String, String> connection, String keyPrefix,
      Telemetry local, Clock clock) {
    this.redis = connection.async();
    this.keyPrefix = keyPrefix;
    this.local = local;
    this.clock = clock;
    this.flushedThrough = Math.floorDiv(clock.millis(), 1000L) - 1;
  }

  /** Adds this replica's counts of the newly completed seconds to the fleet's. */
  public synchronized void flush() {
    long lastComplete = Math.floorDiv(clock.millis(), 1000L) - 1;
    long first = Math.max(flushedThrough + 1, lastComplete - MAX_FLUSH_SECONDS + 1);
    int seconds = (int) (lastComplete - first + 1);
    if (seconds <= 0) {
      return;
    }
    List<RedisFuture<?>> pending = new ArrayList<>();
    for (String rule : local.rules()) {
      long[][] rows = local.perSecond(rule, first, seconds);
      for (int i = 0; i < seconds; i++) {
        if (rows[HITS][i] == 0) {
          continue;
        }
        String key = key(rule, first + i);
        for (int field = 0; field < FIELDS.length; field++) {
          pending.add(redis.hincrby(key, FIELDS[field], rows[field][i]));
        }
        pending.add(redis.expire(key, Telemetry.WINDOW_SECONDS + 60));
      }
    }
    // NOTE: after a partial failure the next flush adds those seconds again, so a Redis error
    // can count some of this replica's hits twice.
    if (await(pending)) {
      flushedThrough = lastComplete;
    }
  }

  @Override
  public long[][] perSecond(String rule, long firstSecond, int seconds) {
    List<RedisFuture<List<KeyValue<String, String>>>> reads = new ArrayList<>(seconds);
    for (int i = 0; i < seconds; i++) {
      reads.add(redis.hmget(key(rule, firstSecond + i), FIELDS));
    }
    if (!await(new ArrayList<>(reads))) {
      return local.perSecond(rule, firstSecond, seconds);
    }
    long[][] rows = new long[3][seconds];
    for (int i = 0; i < seconds; i++) {
      List<KeyValue<String, String>> values = reads.get(i).toCompletableFuture().join();
      for (int field = 0; field < FIELDS.length; field++) {
        rows[field][i] = values.get(field).hasValue()
            ? Long.parseLong(values.get(field).getValue()) : 0;
      }
    }
    return rows;
  }

  private String key(String rule, long second) {
    return keyPrefix + "{" + rule + "}:" + second;
  }

  private boolean await(List<RedisFuture<?>> futures) {
    try {
      for (RedisFuture<?> future : futures) {
        future.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      }
      if (degraded.compareAndSet(true, false)) {
        log.info("fleet traffic counts through Redis recovered");
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RedisException e) {
      if (degraded.compareAndSet(false, true)) {
        log.warn("fleet traffic counts through Redis failed ({}); the loop sees only this "
            + "replica's traffic until Redis is back", e.toString());
      }
      return false;
    }
  }
}
