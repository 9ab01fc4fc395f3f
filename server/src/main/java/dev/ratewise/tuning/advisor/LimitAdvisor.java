package dev.ratewise.tuning.advisor;

/** Proposes new limits for a cycle. */
public interface LimitAdvisor {
  /** Returns the name recorded in the audit trail, such as "ollama" or "heuristic". */
  String name();

  /**
   * Proposes limits for every rule in the context.
   *
   * @throws AdvisorException when no usable proposal can be made; it carries the reason and
   *     whatever prompt and raw answer there were
   */
  Advice propose(TuningContext context) throws AdvisorException;
}
