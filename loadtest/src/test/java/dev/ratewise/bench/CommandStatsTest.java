package dev.ratewise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandStatsTest {
  private static final String BEFORE = """
      # Commandstats\r
      cmdstat_evalsha:calls=10,usec=50,usec_per_call=5.00,rejected_calls=0,failed_calls=0\r
      cmdstat_info:calls=3,usec=90,usec_per_call=30.00,rejected_calls=0,failed_calls=0\r
      cmdstat_get:calls=7,usec=7,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r
      """;
  private static final String AFTER = """
      # Commandstats\r
      cmdstat_evalsha:calls=110,usec=550,usec_per_call=5.00,rejected_calls=0,failed_calls=0\r
      cmdstat_info:calls=5,usec=150,usec_per_call=30.00,rejected_calls=0,failed_calls=0\r
      cmdstat_get:calls=7,usec=7,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r
      cmdstat_script|load:calls=1,usec=20,usec_per_call=20.00,rejected_calls=0,failed_calls=0\r
      """;

  @Test
  void parse_readsCallsPerCommand() {
    CommandStats stats = CommandStats.parse(BEFORE);

    assertEquals(Map.of("evalsha", 10L, "info", 3L, "get", 7L), stats.calls());
  }

  @Test
  void since_keepsOnlyCommandsMadeInBetween() {
    CommandStats delta = CommandStats.parse(AFTER).since(CommandStats.parse(BEFORE));

    assertEquals(Map.of("evalsha", 100L, "script|load", 1L), delta.calls());
    assertEquals(101, delta.total());
  }

  @Test
  void per_dividesEachCommandByDecisions() {
    CommandStats delta = CommandStats.parse(AFTER).since(CommandStats.parse(BEFORE));

    Map<String, Double> perDecision = delta.per(50);

    assertEquals(2.0, perDecision.get("evalsha"));
    assertEquals(0.02, perDecision.get("script|load"));
  }
}
