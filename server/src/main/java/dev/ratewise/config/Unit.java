package dev.ratewise.config;

import java.util.Locale;
import java.util.Optional;

/** A rate limit's time unit, with the window length the reference service uses for it. */
public enum Unit {
  SECOND(1),
  MINUTE(60),
  HOUR(3_600),
  DAY(86_400),
  WEEK(604_800),
  /** A month is 30 days, as in envoyproxy/ratelimit. */
  MONTH(2_592_000),
  /** A year is 365 days, as in envoyproxy/ratelimit. */
  YEAR(31_536_000);

  private final long seconds;

  Unit(long seconds) {
    this.seconds = seconds;
  }

  /** Returns the window length in seconds. */
  public long seconds() {
    return seconds;
  }

  /** Parses a unit name in any case, such as "second" or "Minute". */
  public static Optional<Unit> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
