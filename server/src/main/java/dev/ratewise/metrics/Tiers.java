package dev.ratewise.metrics;

/**
 * Reads a business tier from a rule id. The bundled config nests each tier's limits under
 * {@code key: tier, value: <name>}, so their ids contain a {@code tier_<name>} segment, such as
 * "ratewise.tier_enterprise.tenant".
 */
final class Tiers {
  /** The tier label of rules whose id has no {@code tier_} segment. */
  static final String UNTIERED = "untiered";

  private static final String PREFIX = "tier_";

  private Tiers() {}

  /** Returns the tier name of a rule id, or {@link #UNTIERED} when it has none. */
  static String of(String ruleId) {
    int segmentStart = 0;
    while (segmentStart < ruleId.length()) {
      int segmentEnd = ruleId.indexOf('.', segmentStart);
      if (segmentEnd < 0) {
        segmentEnd = ruleId.length();
      }
      if (ruleId.startsWith(PREFIX, segmentStart) && segmentEnd > segmentStart + PREFIX.length()) {
        return ruleId.substring(segmentStart + PREFIX.length(), segmentEnd);
      }
      segmentStart = segmentEnd + 1;
    }
    return UNTIERED;
  }
}
