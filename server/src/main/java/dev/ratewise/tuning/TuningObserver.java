package dev.ratewise.tuning;

import dev.ratewise.tuning.forecast.Forecast;

/**
 * Receives what the decision loop did, for metrics and the /demo dashboard. Called from the
 * loop's own threads, never from the request path.
 */
public interface TuningObserver {
  /** Does nothing; the default. */
  TuningObserver NONE = new TuningObserver() {};

  /** Called for each adaptive rule at the start of every cycle. */
  default void onForecast(String rule, Forecast forecast) {}

  /**
   * Called once per advisor call.
   *
   * @param advisor "ollama" or "heuristic"
   * @param succeeded whether the advisor produced a usable proposal
   */
  default void onAdvisorCall(String advisor, boolean succeeded, long millis) {}

  /** Called when the heuristic stands in for the model, with the reason, such as "TIMEOUT". */
  default void onFallback(String reason) {}

  /** Called when a cycle ends, with the cycle's id, advisor, confidence and rationale. */
  default void onCycle(String cycleId, String advisor, double confidence, String rationale) {}

  /** Called whenever the number of pending approvals changes. */
  default void onPendingApprovals(int pending) {}
}
