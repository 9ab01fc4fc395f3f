package dev.ratewise.tuning.advisor;

/**
 * Caps and cleans text that came from callers or operators before it enters a prompt. The
 * prompt builders then JSON-encode it inside a data section, so it can neither close its string
 * nor start a new line of instructions.
 */
final class UntrustedText {
  /** Maximum caller-derived value in a prompt (rule ids, tiers, tenant names), in characters. */
  static final int CALLER_VALUE_CHARS = 64;

  /** Maximum operator context in a prompt, in characters; operators write sentences. */
  static final int OPERATOR_CONTEXT_CHARS = 280;

  /** Marks a value that was cut short, so the model and the reader of the audit can tell. */
  static final String TRUNCATION_MARK = "…";

  private UntrustedText() {}

  /**
   * Returns {@code value} with control characters replaced by spaces and cut to at most
   * {@code maxChars} characters, the last being {@link #TRUNCATION_MARK} when it was cut. Null
   * becomes the empty string.
   */
  static String capped(String value, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, got " + maxChars);
    }
    if (value == null) {
      return "";
    }

    StringBuilder clean = new StringBuilder(Math.min(value.length(), maxChars + 1));
    value.codePoints()
        .limit(maxChars + 1L)
        .forEach(cp -> clean.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
    if (clean.codePointCount(0, clean.length()) <= maxChars) {
      return clean.toString();
    }

    int end = clean.offsetByCodePoints(0, maxChars - 1);
    return clean.substring(0, end) + TRUNCATION_MARK;
  }
}
