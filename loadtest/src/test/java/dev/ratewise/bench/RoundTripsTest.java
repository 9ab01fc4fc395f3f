package dev.ratewise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Round trips per decision, derived from commandstats that include commands run by scripts. */
class RoundTripsTest {
  @ParameterizedTest(name = "{0}: {6} round trips a decision")
  @CsvSource({
      // limiter, evalsha, eval, get, set, psetex, expected
      // ratewise: one EVALSHA; the script's GETs are not round trips.
      "ratewise, 100, 0, 100, 0, 0, 1.0",
      // ratewise after a NOSCRIPT: one EVALSHA failed, then EVAL.
      "ratewise, 100, 1, 100, 0, 0, 1.01",
      // Bucket4j: a GET, then an EVAL whose script runs GET and PSETEX.
      "bucket4j, 0, 100, 200, 0, 100, 2.0",
      // Bucket4j with new buckets: GET, then an EVAL that runs SET NX instead.
      "bucket4j, 0, 100, 150, 50, 50, 2.0",
      // Bucket4j on a contended key: three attempts per decision.
      "bucket4j, 0, 300, 600, 0, 100, 6.0",
  })
  void commandStats_giveRoundTripsPerDecision(String limiter, long evalsha, long eval, long get,
      long set, long psetex, double expected) {
    CommandStats commands = new CommandStats(Map.of("evalsha", evalsha, "eval", eval,
        "get", get, "set", set, "psetex", psetex));
    RedisRun run = new RedisRun(null, commands, 100);

    double roundTrips = Bucket4jBench.roundTrips(limiter, run);

    assertEquals(expected, roundTrips, 1e-9);
  }
}
