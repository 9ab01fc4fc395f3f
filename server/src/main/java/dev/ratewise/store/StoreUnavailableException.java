package dev.ratewise.store;

/** The counter store failed or timed out and the failure policy is {@link FailurePolicy#ERROR}. */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
