package dev.ratewise.loadtest;

/** The Envoy service a run calls. */
enum Api {
  /** {@code envoy.service.ratelimit.v3.RateLimitService/ShouldRateLimit}. */
  RLS,
  /** {@code envoy.service.auth.v3.Authorization/Check}. */
  CHECK
}
