package dev.ratewise.loadtest;

/** The outcome of one call, in the terms Envoy acts on. */
enum Verdict {
  /** ShouldRateLimit returned OK, or Check returned status 0, so Envoy forwards the request. */
  ALLOWED,
  /** ShouldRateLimit returned OVER_LIMIT, or Check denied with 429, so Envoy responds 429. */
  DENIED,
  /** Check denied for another reason, such as an unknown API key (401 or 403). */
  REJECTED,
  /** The RPC failed or timed out; Envoy's failure mode setting decides what happens. */
  ERROR
}
