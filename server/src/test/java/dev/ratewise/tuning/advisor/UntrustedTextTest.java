package dev.ratewise.tuning.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UntrustedTextTest {
  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of(null, 8, ""),
        Arguments.of("", 8, ""),
        Arguments.of("acme", 8, "acme"),
        Arguments.of("12345678", 8, "12345678"),
        Arguments.of("123456789", 8, "1234567…"),
        Arguments.of("line\nbreak\ttab", 64, "line break tab"),
        Arguments.of("\u0000\u001b[31m", 64, "  [31m"),
        // A surrogate pair counts as one character and is never split.
        Arguments.of("ab\uD83D\uDE00cd", 4, "ab\uD83D\uDE00…"),
        Arguments.of("\"quoted\" \\ slash", 64, "\"quoted\" \\ slash"));
  }

  @ParameterizedTest(name = "[{index}] {1} chars")
  @MethodSource("values")
  void capped_cleansAndCuts(String value, int maxChars, String expected) {

    String capped = UntrustedText.capped(value, maxChars);

    assertEquals(expected, capped);
  }
}
