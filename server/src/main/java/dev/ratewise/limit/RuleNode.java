package dev.ratewise.limit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One level of a domain's compiled descriptor tree. Lookup order follows envoyproxy/ratelimit:
 * the exact key and value, then wildcard values in the order declared, then the key-only default.
 */
final class RuleNode {
  /** The rule at this node; null when the node only groups children. */
  final String ruleId;

  private final Map<String, KeyLevel> children = new HashMap<>();

  RuleNode(String ruleId) {
    this.ruleId = ruleId;
  }

  KeyLevel level(String key) {
    return children.computeIfAbsent(key, unused -> new KeyLevel());
  }

  boolean hasChildren() {
    return !children.isEmpty();
  }

  RuleNode child(Entry entry) {
    KeyLevel level = children.get(entry.key());
    return level == null ? null : level.find(entry.value());
  }

  /** The children of one entry key. */
  static final class KeyLevel {
    final Map<String, RuleNode> exact = new HashMap<>();
    final List<Wildcard> wildcards = new java.util.ArrayList<>();
    RuleNode keyOnly;

    RuleNode find(String value) {
      RuleNode node = exact.get(value);
      if (node != null) {
        return node;
      }
      for (int i = 0; i < wildcards.size(); i++) {
        Wildcard wildcard = wildcards.get(i);
        if (wildcard.glob.matches(value)) {
          return wildcard.node;
        }
      }
      return keyOnly;
    }
  }

  record Wildcard(Glob glob, RuleNode node) {}
}
