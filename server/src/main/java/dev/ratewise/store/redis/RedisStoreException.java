package dev.ratewise.store.redis;

/** A failed Redis call of the counter store, with the {@link Kind} of failure. */
public final class RedisStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The cause of a failed call. */
  public enum Kind {
    /** Redis did not reply within the command timeout. */
    TIMEOUT,
    /** No connection: Redis is down, unreachable, or the connection is being re-established. */
    CONNECTION,
    /** Redis replied with an error, such as WRONGTYPE or OOM. */
    COMMAND,
    /** The calling thread was interrupted while it waited; its interrupt flag is set again. */
    INTERRUPTED
  }

  private final Kind kind;

  RedisStoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
