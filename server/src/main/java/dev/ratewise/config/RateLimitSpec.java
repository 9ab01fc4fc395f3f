package dev.ratewise.config;

import java.util.List;

/**
 * A descriptor's {@code rate_limit} block.
 *
 * @param requestsPerUnit the limit, 0 to 4294967295; 0 blocks everything
 * @param unit the window; null only when {@code unlimited}
 * @param unlimited whether the rule allows everything without counting
 * @param name the optional name that {@code replaces} refers to; empty when unset
 * @param replaces names of limits this one removes from a request's answer
 */
public record RateLimitSpec(
    long requestsPerUnit, Unit unit, boolean unlimited, String name, List<String> replaces) {

  public RateLimitSpec {
    replaces = List.copyOf(replaces);
    name = name == null ? "" : name;
  }
}
