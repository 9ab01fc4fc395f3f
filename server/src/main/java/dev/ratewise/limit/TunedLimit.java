package dev.ratewise.limit;

import java.time.Instant;

/**
 * A limit set by the decision loop or an operator instead of the configured value.
 *
 * @param value requests per unit
 * @param source who set it: "tuning", "approval" or "operator"
 * @param setBy the advisor or person, such as "heuristic" or "operator:127.0.0.1"
 * @param at when it was set
 */
public record TunedLimit(long value, String source, String setBy, Instant at) {
  TunedLimit withValue(long newValue) {
    return new TunedLimit(newValue, source, setBy, at);
  }
}
