package dev.ratewise.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierMixTest {
  @Test
  void seededPicks_followTheShares() {
    TierMix mix = TierMix.parse("enterprise=0.2,professional=0.3,free=0.4,anonymous=0.1");
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Integer> counts = new HashMap<>();

    for (int i = 0; i < 100_000; i++) {
      counts.merge(mix.pick(random), 1, Integer::sum);
    }

    // With 100,000 picks the standard deviation of each count is under 160, so 1,000 is a
    // margin of more than six deviations.
    assertEquals(20_000, counts.get("enterprise"), 1_000);
    assertEquals(30_000, counts.get("professional"), 1_000);
    assertEquals(40_000, counts.get("free"), 1_000);
    assertEquals(10_000, counts.get("anonymous"), 1_000);
  }

  @Test
  void sharesNotSummingToOne_areWeights() {
    TierMix mix = TierMix.parse("free=3, anonymous=1");
    SplittableRandom random = new SplittableRandom(1);
    int free = 0;

    for (int i = 0; i < 40_000; i++) {
      free += mix.pick(random).equals("free") ? 1 : 0;
    }

    assertEquals(30_000, free, 1_000);
    assertEquals(List.of("free", "anonymous"), mix.tiers());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "free|invalid mix entry 'free'",
      "free=|invalid mix share '' for tier free",
      "=0.5|invalid mix entry '=0.5'",
      "free=-1|must be a non-negative number",
      "free=0,anonymous=0|must not all be zero",
  })
  void invalidMix_namesTheEntry(String text, String message) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> TierMix.parse(text));

    assertTrue(error.getMessage().contains(message), error.getMessage());
  }
}
