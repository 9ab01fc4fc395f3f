package dev.ratewise.config;

import java.util.List;

/**
 * One entry of a domain's descriptor tree, as loaded from YAML.
 *
 * @param key the descriptor entry key
 * @param value the entry value; null for a key-only default; may contain {@code *} wildcards
 * @param rateLimit the limit at this node; null when the node only groups children
 * @param shadowMode whether over-limit answers are turned into OK while still counting
 * @param detailedMetric whether metrics may carry the request's value for this rule
 * @param adaptive the tuning bounds; null when the decision loop leaves this rule alone
 * @param descriptors the child nodes
 * @param path the rule's id: the domain and every {@code key} or {@code key_value} on the way
 * @param location where the node starts in its file
 */
public record DescriptorRule(
    String key,
    String value,
    RateLimitSpec rateLimit,
    boolean shadowMode,
    boolean detailedMetric,
    AdaptiveSpec adaptive,
    List<DescriptorRule> descriptors,
    String path,
    SourceLocation location) {

  public DescriptorRule {
    descriptors = List.copyOf(descriptors);
  }
}
