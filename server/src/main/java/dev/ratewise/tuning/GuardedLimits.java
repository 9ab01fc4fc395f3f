package dev.ratewise.tuning;

import dev.ratewise.admin.v1.GuardrailAction;
import java.util.List;
import java.util.Map;

/**
 * The output of {@link Guardrails}: the limits to propose and every intervention on the way.
 *
 * @param limits requests per unit per adaptive rule id, in config order; every adaptive rule has
 *     an entry, unchanged ones included
 * @param actions what the guardrails changed, in the order they acted
 */
public record GuardedLimits(Map<String, Long> limits, List<GuardrailAction> actions) {
  public GuardedLimits {
    limits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(limits));
    actions = List.copyOf(actions);
  }
}
