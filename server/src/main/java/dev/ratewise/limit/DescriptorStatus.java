package dev.ratewise.limit;

/**
 * The status of one descriptor.
 *
 * @param code OK or OVER_LIMIT, after shadow mode
 * @param rule the matched limit; null when no limit applies
 * @param remaining requests left in the window; 4294967295 for unlimited rules
 * @param resetSeconds seconds until the window ends; 0 when no limit applies
 * @param fromCache whether the local over-limit cache answered without the store
 */
public record DescriptorStatus(
    Code code, Rule rule, long remaining, long resetSeconds, boolean fromCache) {
  /** The remaining count the reference service sends for unlimited rules. */
  public static final long UNLIMITED_REMAINING = 4_294_967_295L;

  static DescriptorStatus noLimit() {
    return new DescriptorStatus(Code.OK, null, 0, 0, false);
  }

  static DescriptorStatus unlimited(Rule rule) {
    return new DescriptorStatus(Code.OK, rule, UNLIMITED_REMAINING, 0, false);
  }

  /** Returns whether a counted limit applied, so the response carries limit and reset. */
  public boolean limited() {
    return rule != null && !rule.unlimited();
  }
}
