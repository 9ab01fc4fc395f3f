package dev.ratewise.identity;

/**
 * A caller turned away before rate limiting, with the reason shown to the caller.
 *
 * @param reason why, which also fixes the HTTP status
 * @param message a sentence for the JSON body; never contains the key
 */
public record Rejection(Reason reason, String message) implements Identification {

  /** The reason a caller was rejected. */
  public enum Reason {
    /** No key, and the anonymous policy is {@code reject}. */
    MISSING_KEY(401, "missing_api_key"),
    /**
     * A value that cannot be one key: repeated headers that Envoy joined with a comma, or a
     * value longer than {@link IdentityResolver#MAX_KEY_LENGTH}.
     */
    MALFORMED_KEY(401, "invalid_api_key"),
    /** A key that no tenant has, and the anonymous policy is {@code reject}. */
    UNKNOWN_KEY(401, "invalid_api_key"),
    /** A known key whose tier the current config does not list. */
    KEY_NOT_PERMITTED(403, "forbidden"),
    /** Anonymous callers are allowed, but the config names no tier to put them in. */
    NO_ANONYMOUS_TIER(401, "missing_api_key");

    private final int httpStatus;
    private final String error;

    Reason(int httpStatus, String error) {
      this.httpStatus = httpStatus;
      this.error = error;
    }

    /** Returns 401 or 403. */
    public int httpStatus() {
      return httpStatus;
    }

    /** Returns the short code sent in the body's {@code error} field. */
    public String error() {
      return error;
    }
  }
}
