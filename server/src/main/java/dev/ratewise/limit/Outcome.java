package dev.ratewise.limit;

/** How one limited descriptor ended, for metrics and telemetry. */
public enum Outcome {
  OK,
  /** Allowed, but the count passed the near-limit ratio. */
  NEAR_LIMIT,
  OVER_LIMIT,
  /** Over the limit, but the rule is in shadow mode so the answer was OK. */
  SHADOW,
  /** The store failed; the failure policy decided the answer. */
  ERROR
}
