package dev.ratewise.store.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.CounterStoreContract;
import dev.ratewise.testing.CommandStats;
import dev.ratewise.testing.RedisCluster;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the counter store contract, and the per-slot EVALSHA rule, against a real Redis Cluster
 * of three primaries started on free loopback ports.
 */
class RedisClusterCounterStoreTest extends CounterStoreContract {
  private static RedisCluster cluster;
  private static RedisCounterStore store;
  private static RedisClusterClient clusterInspector;
  private static StatefulRedisClusterConnection<String, String> clusterConnection;
  private static final List<RedisClient> nodeClients = new ArrayList<>();
  private static final List<StatefulRedisConnection<String, String>> nodeConnections =
      new ArrayList<>();

  @BeforeAll
  static void open() throws Exception {
    cluster = RedisCluster.start();
    store = RedisCounterStore.open(cluster.url(), true, Duration.ofSeconds(1));
    clusterInspector = RedisClusterClient.create(cluster.url());
    clusterConnection = clusterInspector.connect();
    for (int port : cluster.ports()) {
      RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
      nodeClients.add(client);
      nodeConnections.add(client.connect());
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (store != null) {
      store.close();
    }
    nodeConnections.forEach(StatefulRedisConnection::close);
    nodeClients.forEach(RedisClient::shutdown);
    if (clusterConnection != null) {
      clusterConnection.close();
      clusterInspector.shutdown();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected CounterStore store() {
    return store;
  }

  @Override
  protected OptionalLong ttlSeconds(String key) {
    long ttl = clusterConnection.sync().ttl(key);
    return ttl < 0 ? OptionalLong.empty() : OptionalLong.of(ttl);
  }

  private static long evalshaCalls() {
    long calls = 0;
    for (StatefulRedisConnection<String, String> node : nodeConnections) {
      calls += CommandStats.calls(node.sync(), "evalsha");
    }
    return calls;
  }

  @Test
  void keysOfOneSlot_costOneEvalsha() throws Exception {
    List<CounterIncrement> increments = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      increments.add(new CounterIncrement(key("{tenant-acme}:" + i), 1, 60));
    }
    long before = evalshaCalls();

    long[] totals = store.increment(increments).get(5, TimeUnit.SECONDS);

    assertEquals(1, evalshaCalls() - before);
    assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, totals);
  }

  @Test
  void keysOfManySlots_costOneEvalshaPerSlot() throws Exception {
    List<CounterIncrement> increments = new ArrayList<>();
    Set<Integer> slots = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      // Three keys a hash tag: 4 slots, each used by keys spread through the request.
      String key = "{tag-" + (i % 4) + "}" + key("spread:" + i);
      increments.add(new CounterIncrement(key, i + 1, 60));
      slots.add(SlotHash.getSlot(key));
    }
    long before = evalshaCalls();

    long[] totals = store.increment(increments).get(5, TimeUnit.SECONDS);

    assertEquals(slots.size(), evalshaCalls() - before);
    for (int i = 0; i < 12; i++) {
      assertEquals(i + 1, totals[i], "total of key " + i + " in request order");
    }
  }

  @Test
  void keysOfManySlots_spanEveryNode() throws Exception {
    List<CounterIncrement> increments = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      increments.add(new CounterIncrement(key("node:" + i), 1, 60));
    }

    store.increment(increments).get(5, TimeUnit.SECONDS);

    for (int i = 0; i < nodeConnections.size(); i++) {
      RedisCommands<String, String> commands = nodeConnections.get(i).sync();
      assertTrue(commands.dbsize() > 0, "node on port " + cluster.ports().get(i)
          + " holds counters");
    }
  }

  @Test
  void scriptFlushedOnEveryNode_reloadsAndCounts() throws Exception {
    String key = key("noscript");
    increment(new CounterIncrement(key, 1, 60));
    List<Long> loadsBefore = new ArrayList<>();
    for (StatefulRedisConnection<String, String> node : nodeConnections) {
      node.sync().scriptFlush();
      loadsBefore.add(CommandStats.calls(node.sync(), "script|load"));
    }

    long total = increment(new CounterIncrement(key, 1, 60))[0];

    assertEquals(2, total);
    for (int i = 0; i < nodeConnections.size(); i++) {
      long loads = CommandStats.calls(nodeConnections.get(i).sync(), "script|load");
      assertEquals(1, loads - loadsBefore.get(i), "SCRIPT LOAD on port " + cluster.ports().get(i));
    }
  }
}
