package dev.ratewise.tuning.advisor;

import java.util.Map;

/**
 * An advisor's proposal, before guardrails. Values are exactly what the advisor produced, so
 * they may be missing, negative, huge or NaN; guardrails deal with that.
 *
 * @param limits a new requests_per_unit per rule id
 * @param confidence the advisor's confidence, nominally 0 to 1
 * @param rationale a short explanation
 */
public record Proposal(Map<String, Double> limits, double confidence, String rationale) {
  public Proposal {
    limits = Map.copyOf(limits);
    rationale = rationale == null ? "" : rationale;
  }
}
