package dev.ratewise.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link CounterStore} shares. A backend's test extends this class and
 * supplies the store and a way to read a key's remaining TTL.
 */
public abstract class CounterStoreContract {
  private String prefix;

  /** Returns the store under test; the same instance for the whole test method. */
  protected abstract CounterStore store();

  /** Returns the key's remaining TTL in seconds, rounded down, or empty when it is missing. */
  protected abstract OptionalLong ttlSeconds(String key) throws Exception;

  @BeforeEach
  void newPrefix() {
    prefix = "rw:test:" + UUID.randomUUID() + ":";
  }

  protected String key(String name) {
    return prefix + name;
  }

  protected long[] increment(CounterIncrement... increments) throws Exception {
    return store().increment(List.of(increments)).get(5, TimeUnit.SECONDS);
  }

  @Test
  void repeatedIncrements_returnRunningTotals() throws Exception {
    String key = key("a");

    long first = increment(new CounterIncrement(key, 1, 60))[0];
    long second = increment(new CounterIncrement(key, 1, 60))[0];
    long third = increment(new CounterIncrement(key, 5, 60))[0];

    assertEquals(1, first);
    assertEquals(2, second);
    assertEquals(7, third);
  }

  @Test
  void zeroHits_readsWithoutChangingCount() throws Exception {
    String key = key("read");
    increment(new CounterIncrement(key, 3, 60));

    long read = increment(new CounterIncrement(key, 0, 60))[0];
    long after = increment(new CounterIncrement(key, 1, 60))[0];

    assertEquals(3, read);
    assertEquals(4, after);
  }

  @Test
  void zeroHitsOnMissingKey_returnsZeroAndCreatesNothing() throws Exception {
    String key = key("missing");

    long read = increment(new CounterIncrement(key, 0, 60))[0];

    assertEquals(0, read);
    assertEquals(OptionalLong.empty(), ttlSeconds(key));
  }

  @Test
  void newKey_getsIncrementTtl() throws Exception {
    String key = key("ttl");

    increment(new CounterIncrement(key, 1, 60));

    OptionalLong ttl = ttlSeconds(key);
    assertTrue(ttl.isPresent(), "key has a TTL");
    assertTrue(ttl.getAsLong() > 55, "TTL " + ttl + " is about 60 s");
    assertTrue(ttl.getAsLong() <= 60, "TTL " + ttl + " is at most 60 s");
  }

  @Test
  void laterIncrement_doesNotExtendTtl() throws Exception {
    String key = key("window");
    increment(new CounterIncrement(key, 1, 60));

    increment(new CounterIncrement(key, 1, 3600));
    increment(new CounterIncrement(key, 0, 3600));

    OptionalLong ttl = ttlSeconds(key);
    assertTrue(ttl.isPresent(), "key has a TTL");
    assertTrue(ttl.getAsLong() <= 60, "TTL " + ttl + " stays within the first 60 s");
  }

  @Test
  void distinctKeys_countIndependently() throws Exception {
    String first = key("x");
    String second = key("y");

    increment(new CounterIncrement(first, 4, 60));
    long[] totals = increment(new CounterIncrement(second, 1, 60),
        new CounterIncrement(first, 1, 60));

    assertArrayEquals(new long[] {1, 5}, totals);
  }

  @Test
  void sameKeyTwiceInOneCall_countsBoth() throws Exception {
    String key = key("twice");

    long[] totals = increment(new CounterIncrement(key, 1, 60), new CounterIncrement(key, 2, 60));

    assertArrayEquals(new long[] {1, 3}, totals);
  }

  @Test
  void manyKeysInOneCall_returnTotalsInOrder() throws Exception {
    List<CounterIncrement> increments = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      increments.add(new CounterIncrement(key("many:" + i), i, 60));
    }

    long[] totals = store().increment(increments).get(5, TimeUnit.SECONDS);

    assertEquals(500, totals.length);
    for (int i = 0; i < 500; i++) {
      assertEquals(i, totals[i], "total of key " + i);
    }
  }

  @Test
  void emptyCall_returnsNoTotals() throws Exception {
    long[] totals = store().increment(List.of()).get(5, TimeUnit.SECONDS);

    assertEquals(0, totals.length);
  }

  @Test
  void totalsBeyondTwoToThe53_stayExact() throws Exception {
    String key = key("big");
    long big = (1L << 53) + 1;

    long first = increment(new CounterIncrement(key, big, 60))[0];
    long second = increment(new CounterIncrement(key, 2, 60))[0];

    assertEquals(big, first);
    assertEquals(big + 2, second);
  }

  @Test
  void sumPastLongMax_saturatesInsteadOfWrapping() throws Exception {
    String key = key("overflow");
    increment(new CounterIncrement(key, Long.MAX_VALUE - 1, 60));

    long total = increment(new CounterIncrement(key, 5, 60))[0];
    long again = increment(new CounterIncrement(key, 1, 60))[0];

    assertEquals(Long.MAX_VALUE, total);
    assertEquals(Long.MAX_VALUE, again);
    assertTrue(ttlSeconds(key).isPresent(), "saturated key keeps its TTL");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "tenant=ünïcødé-名前-🚀",
      "ctl=\u0000\u0001\r\n\t\u007f",
      "space and \"quotes\" and 'single' and {braces}",
      "lua=ARGV[1] end -- redis.call('DEL')",
  })
  void unusualKey_countsUnderExactKey(String name) throws Exception {
    String key = key(name);
    String neighbour = key(name + "x");

    long first = increment(new CounterIncrement(key, 1, 60))[0];
    long second = increment(new CounterIncrement(key, 1, 60))[0];
    long other = increment(new CounterIncrement(neighbour, 1, 60))[0];

    assertEquals(1, first);
    assertEquals(2, second);
    assertEquals(1, other);
    assertTrue(ttlSeconds(key).isPresent(), "key has a TTL");
  }

  @Test
  void longKey_countsUnderExactKey() throws Exception {
    String key = key("long:" + "k".repeat(10_000));
    String shorter = key("long:" + "k".repeat(9_999));

    increment(new CounterIncrement(key, 2, 60));
    long[] totals = increment(new CounterIncrement(key, 1, 60),
        new CounterIncrement(shorter, 1, 60));

    assertArrayEquals(new long[] {3, 1}, totals);
  }

  @Test
  void ping_completes() throws Exception {
    store().ping().get(5, TimeUnit.SECONDS);

    assertFalse(store().describe().isBlank());
  }
}
