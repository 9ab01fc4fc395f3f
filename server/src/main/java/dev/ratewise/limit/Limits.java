package dev.ratewise.limit;

import dev.ratewise.config.DescriptorRule;
import dev.ratewise.config.DomainConfig;
import dev.ratewise.config.RateLimitSpec;
import dev.ratewise.config.RatewiseConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of every rule and the limit in force for each. The request path reads
 * one snapshot per request; config reloads and tuning publish a new one through {@link
 * LimitsHolder}.
 */
public final class Limits {
  private final RatewiseConfig config;
  private final Map<String, RuleNode> roots;
  private final Map<String, Rule> rules;
  private final Map<String, TunedLimit> tuned;

  private Limits(RatewiseConfig config, Map<String, RuleNode> roots, Map<String, Rule> rules,
      Map<String, TunedLimit> tuned) {
    this.config = config;
    this.roots = roots;
    this.rules = rules;
    this.tuned = tuned;
  }

  /** Compiles a config with every limit at its configured value. */
  public static Limits compile(RatewiseConfig config) {
    Map<String, RuleNode> roots = new HashMap<>();
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (DomainConfig domain : config.domains().values()) {
      RuleNode root = new RuleNode(null);
      addLevel(root, domain.descriptors(), rules);
      roots.put(domain.domain(), root);
    }
    return new Limits(config, roots, Collections.unmodifiableMap(rules), Map.of());
  }

  private static void addLevel(RuleNode parent, List<DescriptorRule> level,
      Map<String, Rule> rules) {
    for (DescriptorRule descriptor : level) {
      String ruleId = descriptor.rateLimit() == null ? null : descriptor.path();
      RuleNode node = new RuleNode(ruleId);
      RuleNode.KeyLevel keyLevel = parent.level(descriptor.key());
      if (descriptor.value() == null) {
        keyLevel.keyOnly = node;
      } else if (Glob.isPattern(descriptor.value())) {
        keyLevel.wildcards.add(new RuleNode.Wildcard(new Glob(descriptor.value()), node));
        keyLevel.exact.put(descriptor.value(), node);
      } else {
        keyLevel.exact.put(descriptor.value(), node);
      }
      if (ruleId != null) {
        rules.put(ruleId, toRule(descriptor));
      }
      addLevel(node, descriptor.descriptors(), rules);
    }
  }

  private static Rule toRule(DescriptorRule descriptor) {
    RateLimitSpec spec = descriptor.rateLimit();
    return new Rule(descriptor.path(), spec.name(), spec.requestsPerUnit(),
        spec.requestsPerUnit(), spec.unit(), spec.unlimited(), descriptor.shadowMode(),
        descriptor.detailedMetric(), spec.replaces(), descriptor.adaptive(), false);
  }

  /**
   * Finds the rule for a descriptor. A limit applies only when the matched node is the
   * descriptor's last entry; a descriptor deeper than the tree matches nothing.
   */
  public Rule match(String domain, List<Entry> entries) {
    RuleNode node = roots.get(domain);
    if (node == null) {
      return null;
    }
    for (int i = 0; i < entries.size(); i++) {
      RuleNode next = node.child(entries.get(i));
      if (next == null) {
        return null;
      }
      if (i == entries.size() - 1) {
        return next.ruleId == null ? null : rules.get(next.ruleId);
      }
      if (!next.hasChildren()) {
        return null;
      }
      node = next;
    }
    return null;
  }

  /** Returns whether the domain is configured. */
  public boolean hasDomain(String domain) {
    return roots.containsKey(domain);
  }

  /** Returns a snapshot in which the given rules have new limits, and the others keep theirs. */
  public Limits withTuned(Map<String, TunedLimit> changes) {
    Map<String, TunedLimit> nextTuned = new HashMap<>(tuned);
    Map<String, Rule> nextRules = new LinkedHashMap<>(rules);
    for (Map.Entry<String, TunedLimit> change : changes.entrySet()) {
      Rule rule = rules.get(change.getKey());
      if (rule == null || rule.unlimited()) {
        throw new IllegalArgumentException("no limited rule with id '" + change.getKey() + "'");
      }
      nextTuned.put(change.getKey(), change.getValue());
      nextRules.put(change.getKey(), rule.withRequestsPerUnit(change.getValue().value()));
    }
    return new Limits(config, roots, Collections.unmodifiableMap(nextRules),
        Map.copyOf(nextTuned));
  }

  /** Returns a snapshot of a new config that keeps the tuned limits of rules that still exist. */
  public Limits reconfigure(RatewiseConfig next) {
    Limits fresh = compile(next);
    Map<String, TunedLimit> kept = new HashMap<>();
    for (Map.Entry<String, TunedLimit> entry : tuned.entrySet()) {
      Rule rule = fresh.rules.get(entry.getKey());
      if (rule != null && !rule.unlimited() && rule.adaptive() != null) {
        long bounded = Math.max(rule.adaptive().min(),
            Math.min(rule.adaptive().max(), entry.getValue().value()));
        kept.put(entry.getKey(), entry.getValue().withValue(bounded));
      }
    }
    return kept.isEmpty() ? fresh : fresh.withTuned(kept);
  }

  public RatewiseConfig config() {
    return config;
  }

  /** Returns every rule by id, in config order. */
  public Map<String, Rule> rules() {
    return rules;
  }

  public Optional<Rule> rule(String id) {
    return Optional.ofNullable(rules.get(id));
  }

  /** Returns the rules that have an {@code adaptive} block, in config order. */
  public List<Rule> adaptiveRules() {
    List<Rule> adaptive = new ArrayList<>();
    for (Rule rule : rules.values()) {
      if (rule.adaptive() != null) {
        adaptive.add(rule);
      }
    }
    return adaptive;
  }

  /** Returns who set a rule's limit, when it is not the configured value. */
  public Optional<TunedLimit> tuned(String ruleId) {
    return Optional.ofNullable(tuned.get(ruleId));
  }
}
