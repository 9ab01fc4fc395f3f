package dev.ratewise.tuning;

import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.Rule;
import dev.ratewise.limit.TunedLimit;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fleet coordination through Redis. The leader holds a lease key set with {@code SET NX PX} and
 * renews it each cycle with a compare-and-set script. When it stops renewing, the key expires
 * and another replica takes it. Tuned limits live in a hash of rule id to value and provenance, with
 * a version counter bumped in the same script; every replica polls the version and applies a new
 * hash with {@link LimitsHolder#publishTuned}. While Redis is unreachable no replica leads, so
 * limits stay as they are. That state is logged once when it starts and once when it ends.
 */
public final class RedisFleet implements Fleet {
  private static final Logger log = LoggerFactory.getLogger(RedisFleet.class);

  /** Extends the lease only when this replica still holds it. KEYS: lease; ARGV: id, ttl ms. */
  private static final String RENEW = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return 0""";
  /** Writes rule fields and bumps the version atomically. KEYS: hash, version; ARGV: pairs. */
  private static final String PUBLISH = """
      for i = 1, #ARGV, 2 do
        redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
      end
      return redis.call('INCR', KEYS[2])""";

  private final RedisCommands<String, String> redis;
  private final String replicaId;
  private final Duration leaseTtl;
  private final LimitsHolder limits;
  private final String leaseKey;
  private final String limitsKey;
  private final String versionKey;
  private final AtomicBoolean unreachable = new AtomicBoolean();
  private volatile String appliedVersion = "";

  /**
   * @param keyPrefix the prefix of every key, such as "ratewise:tuning:"
   * @param leaseTtl how long a lease lasts without renewal; a few loop intervals
   */
  public RedisFleet(StatefulRedisConnection<String, String> connection, String keyPrefix,
      String replicaId, Duration leaseTtl, LimitsHolder limits) {
    this.redis = connection.sync();
    this.replicaId = replicaId;
    this.leaseTtl = leaseTtl;
    this.limits = limits;
    this.leaseKey = keyPrefix + "leader";
    this.limitsKey = keyPrefix + "limits";
    this.versionKey = keyPrefix + "version";
  }

  @Override
  public boolean leads() {
    try {
      Long renewed = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {leaseKey},
          replicaId, Long.toString(leaseTtl.toMillis()));
      boolean leads = renewed != null && renewed == 1
          || "OK".equals(redis.set(leaseKey, replicaId,
              SetArgs.Builder.nx().px(leaseTtl.toMillis())));
      reachable();
      return leads;
    } catch (RedisException e) {
      unreachable(e);
      return false;
    }
  }

  @Override
  public String leader() {
    try {
      String leader = redis.get(leaseKey);
      return leader == null ? "" : leader;
    } catch (RedisException e) {
      unreachable(e);
      return "";
    }
  }

  /** Applies the changes on this replica first, so they are live even when Redis fails. */
  @Override
  public void publish(Map<String, TunedLimit> changes) {
    if (changes.isEmpty()) {
      return;
    }
    limits.publishTuned(changes);
    List<String> pairs = new ArrayList<>();
    for (Map.Entry<String, TunedLimit> change : changes.entrySet()) {
      pairs.add(change.getKey());
      pairs.add(encode(change.getValue()));
    }
    try {
      redis.eval(PUBLISH, ScriptOutputType.INTEGER, new String[] {limitsKey, versionKey},
          pairs.toArray(new String[0]));
      reachable();
    } catch (RedisException e) {
      // TODO: a change made while Redis is down stays on this replica only, until the same rule
      // is published again.
      unreachable(e);
    }
  }

  /** Applies the fleet's tuned limits when their version changed. Called once per second. */
  public void poll() {
    try {
      String version = redis.get(versionKey);
      if (version == null || version.equals(appliedVersion)) {
        reachable();
        return;
      }
      Map<String, String> stored = redis.hgetall(limitsKey);
      Map<String, TunedLimit> changes = new HashMap<>();
      for (Map.Entry<String, String> entry : stored.entrySet()) {
        Rule rule = limits.current().rules().get(entry.getKey());
        TunedLimit tuned = decode(entry.getValue());
        if (rule == null || rule.adaptive() == null || rule.unlimited() || tuned == null) {
          continue;
        }
        long value = Math.max(rule.adaptive().min(), Math.min(rule.adaptive().max(),
            tuned.value()));
        TunedLimit bounded = new TunedLimit(value, tuned.source(), tuned.setBy(), tuned.at());
        // The hash stores milliseconds, so compare in milliseconds: the publisher's own limit
        // must not look new to it.
        if (!limits.current().tuned(rule.id()).map(RedisFleet::encode)
            .map(encode(bounded)::equals).orElse(false)) {
          changes.put(rule.id(), bounded);
        }
      }
      if (!changes.isEmpty()) {
        limits.publishTuned(changes);
        log.info("applied {} tuned limits from the fleet (version {})", changes.size(), version);
      }
      appliedVersion = version;
      reachable();
    } catch (RedisException e) {
      unreachable(e);
    }
  }

  /** Stops renewing, so the lease expires after its TTL and another replica takes over. */
  @Override
  public void close() {}

  /** Encodes a tuned limit as "value TAB source TAB atMillis TAB setBy"; setBy is free text. */
  static String encode(TunedLimit tuned) {
    return tuned.value() + "\t" + tuned.source() + "\t" + tuned.at().toEpochMilli() + "\t"
        + tuned.setBy();
  }

  static TunedLimit decode(String text) {
    String[] parts = text.split("\t", 4);
    if (parts.length != 4) {
      return null;
    }
    try {
      return new TunedLimit(Long.parseLong(parts[0]), parts[1], parts[3],
          Instant.ofEpochMilli(Long.parseLong(parts[2])));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void unreachable(RedisException e) {
    if (unreachable.compareAndSet(false, true)) {
      log.warn("fleet coordination through Redis failed ({}); no replica tunes until it is back",
          e.toString());
    }
  }

  private void reachable() {
    if (unreachable.compareAndSet(true, false)) {
      log.info("fleet coordination through Redis recovered");
    }
  }
}
