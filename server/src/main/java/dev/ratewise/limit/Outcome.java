package dev.ratewise.limit;

/** The outcome of one limited descriptor, for metrics and telemetry. */
public enum Outcome {
  OK,
  /** Allowed, but the count passed the near-limit ratio. */
  NEAR_LIMIT,
  OVER_LIMIT,
  /** Over the limit, but the rule is in shadow mode so the response was OK. */
  SHADOW,
  /** The store failed; the failure policy decided the response. */
  ERROR
}
