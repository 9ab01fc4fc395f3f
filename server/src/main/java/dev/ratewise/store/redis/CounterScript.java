package dev.ratewise.store.redis;

import dev.ratewise.store.CounterIncrement;
import java.util.List;

/**
 * The Lua script that counts every increment of one request in one round trip, and the
 * arguments it takes.
 *
 * <p>For each key in order, the script:
 *
 * <ol>
 *   <li>with hits above 0, runs INCRBY. When the sum would pass 2^63 - 1, Redis returns an
 *       overflow error, and the script sets the counter to 2^63 - 1 instead, keeping its TTL,
 *       so a counter saturates and never wraps;
 *   <li>sets the key's expiry to its TTL when the key has none, which is the case exactly when
 *       INCRBY created it. Later increments in the same window leave the expiry alone, so a
 *       window's counter dies one TTL after its first hit, however busy the window;
 *   <li>with hits of 0, only reads, so a missing key stays missing;
 *   <li>reads the total with GET. Lua numbers are doubles and lose integers above 2^53, while
 *       GET returns the exact decimal text.
 * </ol>
 *
 * <p>KEYS are the counter keys, and ARGV contains two values a key: hits, then TTL seconds. An
 * error other than overflow, such as WRONGTYPE when another program wrote the key, ends the
 * script with that error, and the increments of earlier keys stay applied.
 */
final class CounterScript {
  /** The script text; SCRIPT LOAD returns its SHA-1 for EVALSHA. */
  static final String TEXT = String.join("\n",
      "local totals = {}",
      "for i, key in ipairs(KEYS) do",
      "  local hits = ARGV[2 * i - 1]",
      "  if hits ~= '0' then",
      "    local reply = redis.pcall('INCRBY', key, hits)",
      "    if type(reply) == 'table' and reply.err then",
      "      if not string.find(reply.err, 'overflow', 1, true) then",
      "        return reply",
      "      end",
      "      redis.call('SET', key, '9223372036854775807', 'KEEPTTL')",
      "    end",
      "    if redis.call('TTL', key) == -1 then",
      "      redis.call('EXPIRE', key, ARGV[2 * i])",
      "    end",
      "  end",
      "  totals[i] = redis.call('GET', key) or '0'",
      "end",
      "return totals");

  private CounterScript() {}

  static String[] keys(List<CounterIncrement> increments) {
    String[] keys = new String[increments.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = increments.get(i).key();
    }
    return keys;
  }

  static String[] arguments(List<CounterIncrement> increments) {
    String[] arguments = new String[2 * increments.size()];
    for (int i = 0; i < increments.size(); i++) {
      arguments[2 * i] = Long.toString(increments.get(i).hits());
      arguments[2 * i + 1] = Long.toString(increments.get(i).ttlSeconds());
    }
    return arguments;
  }

  /** Parses the script's reply: one decimal total a key, in key order. */
  static long[] totals(List<Object> reply, int expected) {
    if (reply == null || reply.size() != expected) {
      throw new IllegalStateException("counter script returned "
          + (reply == null ? "nothing" : reply.size() + " totals") + " for " + expected + " keys");
    }
    long[] totals = new long[expected];
    for (int i = 0; i < expected; i++) {
      Object value = reply.get(i);
      totals[i] = value instanceof Long number ? number : Long.parseLong(String.valueOf(value));
    }
    return totals;
  }
}
