package dev.ratewise.admin;

/** An admin operation failed for a reason the caller can act on. */
public final class AdminException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kind of failure; adapters map it to an HTTP status and a gRPC status code. */
  public enum Kind {
    /** HTTP 400, gRPC INVALID_ARGUMENT. */
    INVALID_ARGUMENT,
    /** HTTP 404, gRPC NOT_FOUND. */
    NOT_FOUND,
    /** HTTP 409, gRPC FAILED_PRECONDITION. */
    CONFLICT,
    /** HTTP 503, gRPC UNAVAILABLE: for example, tuning is switched off. */
    UNAVAILABLE
  }

  private final Kind kind;

  public AdminException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
