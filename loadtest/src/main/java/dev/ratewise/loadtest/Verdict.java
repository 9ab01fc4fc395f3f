package dev.ratewise.loadtest;

/** How one call ended, in the terms Envoy would act on. */
enum Verdict {
  /** ShouldRateLimit answered OK, or Check answered status 0: Envoy forwards the request. */
  ALLOWED,
  /** ShouldRateLimit answered OVER_LIMIT, or Check denied with 429: Envoy answers 429. */
  DENIED,
  /** Check denied for another reason, such as an unknown API key (401 or 403). */
  REJECTED,
  /** The RPC failed or timed out; Envoy's failure mode setting decides what happens. */
  ERROR
}
