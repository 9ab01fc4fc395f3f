package dev.ratewise.config;

import java.time.Duration;

/**
 * The {@code tuning} section: global settings of the decision loop.
 *
 * @param capacityRps the protected backend's capacity in requests per second; the tuned limits
 *     together never promise more; 0 means unknown, so no capacity guardrail applies
 * @param interval the time between tuning cycles
 * @param horizon how far ahead the surge forecast looks
 * @param minConfidence proposals below this confidence (0 to 1) change nothing
 * @param approvalFactor a change larger than this factor of the current limit, up or down, waits
 *     for a person
 * @param maxStep the largest factor one cycle may move a limit by, up or down
 * @param context free text from the operator that reaches the model as context
 */
public record TuningSpec(
    double capacityRps,
    Duration interval,
    Duration horizon,
    double minConfidence,
    double approvalFactor,
    double maxStep,
    String context) {

  /** Returns the defaults used when a config has no {@code tuning} section. */
  public static TuningSpec defaults() {
    return new TuningSpec(0, Duration.ofSeconds(10), Duration.ofSeconds(30), 0.6, 1.8, 3.0, "");
  }
}
