package dev.ratewise.limit;

/**
 * A descriptor value pattern in which {@code *} matches any run of characters, including none,
 * anywhere in the value. "api_*" matches "api_v1"; "*-prod-*" matches "eu-prod-7".
 */
final class Glob {
  private final String[] parts;
  private final boolean anchoredStart;
  private final boolean anchoredEnd;

  Glob(String pattern) {
    this.parts = pattern.split("\\*", -1);
    this.anchoredStart = !pattern.startsWith("*");
    this.anchoredEnd = !pattern.endsWith("*");
  }

  static boolean isPattern(String value) {
    return value != null && value.indexOf('*') >= 0;
  }

  boolean matches(String value) {
    int position = 0;
    int last = parts.length - 1;
    for (int i = 0; i <= last; i++) {
      String part = parts[i];
      if (i == 0 && anchoredStart) {
        if (!value.startsWith(part)) {
          return false;
        }
        position = part.length();
      } else if (i == last && anchoredEnd) {
        return value.length() - part.length() >= position && value.endsWith(part);
      } else if (!part.isEmpty()) {
        int found = value.indexOf(part, position);
        if (found < 0) {
          return false;
        }
        position = found + part.length();
      }
    }
    return true;
  }
}
