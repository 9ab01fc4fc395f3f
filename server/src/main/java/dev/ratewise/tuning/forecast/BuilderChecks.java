package dev.ratewise.tuning.forecast;

/** Argument checks shared by the forecast builders; each message names the setting. */
final class BuilderChecks {

  private BuilderChecks() {}

  static void requirePositive(String name, double value) {
    if (!(value > 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
    }
  }

  static void requireAtLeast(String name, double value, double minimum) {
    if (!(value >= minimum) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " must be at least " + minimum + " and finite, got " + value);
    }
  }

  static void requireBetween(String name, double value, double minimum, double maximum) {
    if (!(value >= minimum && value <= maximum)) {
      throw new IllegalArgumentException(
          name + " must be in [" + minimum + ", " + maximum + "], got " + value);
    }
  }
}
