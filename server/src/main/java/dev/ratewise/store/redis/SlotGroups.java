package dev.ratewise.store.redis;

import dev.ratewise.store.CounterIncrement;
import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups increments by Redis Cluster hash slot. A script may only touch keys of one slot, so a
 * cluster runs one EVALSHA a group.
 */
final class SlotGroups {
  private SlotGroups() {}

  /** Returns the indexes of the increments of each slot, slots in order of first appearance. */
  static List<int[]> of(List<CounterIncrement> increments) {
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < increments.size(); i++) {
      int slot = SlotHash.getSlot(increments.get(i).key());
      bySlot.computeIfAbsent(slot, unused -> new ArrayList<>()).add(i);
    }
    List<int[]> groups = new ArrayList<>(bySlot.size());
    for (List<Integer> indexes : bySlot.values()) {
      groups.add(indexes.stream().mapToInt(Integer::intValue).toArray());
    }
    return groups;
  }

  static List<CounterIncrement> select(List<CounterIncrement> increments, int[] indexes) {
    List<CounterIncrement> selected = new ArrayList<>(indexes.length);
    for (int index : indexes) {
      selected.add(increments.get(index));
    }
    return selected;
  }
}
