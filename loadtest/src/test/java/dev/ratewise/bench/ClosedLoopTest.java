package dev.ratewise.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The closed loop against targets that complete inline, on another thread, or with errors. */
class ClosedLoopTest {
  private static final Duration WINDOW = Duration.ofMillis(200);

  private final ExecutorService completer = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopCompleter() {
    completer.shutdownNow();
  }

  @Test
  void inlineTarget_returnsWithoutGrowingTheStack() throws Exception {
    ClosedLoop loop = new ClosedLoop(4);
    Target inline = (stream, callback) -> callback.done(true, null);

    // The streams once ran their first call on the caller's thread, so an inline target kept
    // run() from ever returning.
    RunResult result = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> loop.run(inline, Duration.ZERO, WINDOW).result("inline", 4));

    // Millions of inline calls in a row would overflow the stack if each one recursed.
    assertTrue(result.allowed() > 100_000, "allowed calls: " + result.allowed());
    assertEquals(0, result.errors());
  }

  @Test
  void asyncTarget_countsAllowedAndDenied() throws Exception {
    ClosedLoop loop = new ClosedLoop(8);
    AtomicLong sequence = new AtomicLong();
    Target async = (stream, callback) -> completer.execute(
        () -> callback.done(sequence.incrementAndGet() % 2 == 0, null));

    RunResult result = loop.run(async, Duration.ofMillis(50), WINDOW).result("async", 8);

    assertTrue(result.allowed() > 0, "allowed calls: " + result.allowed());
    assertTrue(result.denied() > 0, "denied calls: " + result.denied());
    assertTrue(Math.abs(result.allowed() - result.denied()) <= 8,
        "allowed " + result.allowed() + " and denied " + result.denied() + " should alternate");
    // Latency also covers the calls that end in the drain after the window, one per stream.
    assertTrue(result.latencySamples() >= result.calls());
    assertTrue(result.latencySamples() <= result.calls() + 8);
  }

  @Test
  void failingTarget_countsErrors() throws Exception {
    ClosedLoop loop = new ClosedLoop(2);
    Target failing = (stream, callback) -> callback.done(false, new IllegalStateException("down"));

    RunResult result = loop.run(failing, Duration.ZERO, WINDOW).result("failing", 2);

    assertTrue(result.errors() > 0, "errors: " + result.errors());
    assertEquals(0, result.allowed());
    assertEquals(0, result.denied());
  }

  @Test
  void measurementsAdded_sumCallsAndSeconds() throws Exception {
    ClosedLoop loop = new ClosedLoop(1);
    Target inline = (stream, callback) -> callback.done(true, null);
    Measurement first = loop.run(inline, Duration.ZERO, WINDOW);
    Measurement second = loop.run(inline, Duration.ZERO, WINDOW);
    long firstCalls = first.result("first", 1).calls();
    long secondCalls = second.result("second", 1).calls();

    RunResult sum = first.add(second).result("sum", 1);

    assertEquals(firstCalls + secondCalls, sum.calls());
    assertTrue(sum.seconds() >= 2 * WINDOW.toMillis() / 1000.0);
  }
}
