package dev.ratewise.config;

import java.util.List;

/** One config file's domain and its descriptor tree. */
public record DomainConfig(String domain, List<DescriptorRule> descriptors, SourceLocation location) {
  public DomainConfig {
    descriptors = List.copyOf(descriptors);
  }
}
