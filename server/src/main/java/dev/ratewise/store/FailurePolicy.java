package dev.ratewise.store;

/** The limiter's response when the counter store fails or times out. */
public enum FailurePolicy {
  /** Fail the RPC with UNAVAILABLE, so Envoy's failure_mode_deny or failure_mode_allow decides. */
  ERROR,
  /** Return OK for every limited descriptor. */
  ALLOW,
  /** Return OVER_LIMIT for every limited descriptor. */
  DENY,
  /** Count in the in-process store of this replica until the store is back. */
  LOCAL
}
