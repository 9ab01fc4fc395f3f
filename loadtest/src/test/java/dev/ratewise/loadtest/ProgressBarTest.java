package dev.ratewise.loadtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void halfwayLine_showsShareRateAndAllowedShare() {
    Tally tally = new Tally(List.of("free"), List.of("surge"));
    for (int i = 0; i < 300; i++) {
      Verdict verdict = i < 75 ? Verdict.ALLOWED : Verdict.DENIED;
      tally.record("surge", "free", verdict, Status.Code.OK, 1_000);
    }
    ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), "ratewise", tally,
        () -> "surge", 4_000_000_000L, () -> 0L);

    String line = bar.line(2_000_000_000L);

    assertTrue(line.contains("[###############...............]"), line);
    assertTrue(line.contains(" 50%"), line);
    assertTrue(line.contains("surge"), line);
    assertTrue(line.contains("300 calls"), line);
    assertTrue(line.contains("150/s"), line);
    assertTrue(line.contains("allowed  25.0%"), line);
  }
}
