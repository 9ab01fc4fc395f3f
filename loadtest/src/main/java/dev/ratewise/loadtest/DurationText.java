package dev.ratewise.loadtest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations written as a whole number with ms, s, m or h, such as "500ms" or "30s". */
final class DurationText implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)");

  /**
   * Parses {@code value}.
   *
   * @param field the flag or YAML key the value came from, named in the error
   * @throws IllegalArgumentException when the value is missing or malformed
   */
  static Duration parse(String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is missing: give a duration such as 10s");
    }
    Matcher matcher = FORMAT.matcher(value.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("invalid " + field + " '" + value
          + "': use a whole number with ms, s, m or h, such as 10s");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  @Override
  public Duration convert(String value) {
    try {
      return parse(value, "duration");
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
