package dev.ratewise.tuning.advisor;

/** An advisor could not produce a usable proposal. */
public final class AdvisorException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the advisor failed; recorded as the fallback reason. */
  public enum Reason {
    UNREACHABLE,
    TIMEOUT,
    HTTP_ERROR,
    MALFORMED_ANSWER,
    INVALID_PROPOSAL
  }

  private final Reason reason;
  private final String prompt;
  private final String rawAnswer;

  public AdvisorException(Reason reason, String message, String prompt, String rawAnswer,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.prompt = prompt == null ? "" : prompt;
    this.rawAnswer = rawAnswer == null ? "" : rawAnswer;
  }

  public Reason reason() {
    return reason;
  }

  public String prompt() {
    return prompt;
  }

  public String rawAnswer() {
    return rawAnswer;
  }
}
