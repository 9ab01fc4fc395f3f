package dev.ratewise.loadtest.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedBackendTest {
  private static final Duration LATENCY = Duration.ofMillis(20);
  private static final Duration OVERLOAD = Duration.ofMillis(800);

  @Test
  void requestsWithinCapacity_servedWithoutOverload() {
    SimulatedBackend backend = new SimulatedBackend(3, LATENCY, OVERLOAD);

    SimulatedBackend.Served last = null;
    for (int i = 0; i < 3; i++) {
      last = backend.serve(7);
    }

    assertFalse(last.error());
    assertEquals(LATENCY, last.latency());
    assertEquals(0, backend.overloadSeconds());
  }

  @Test
  void requestBeyondCapacity_failsSlowlyAndCountsSecond() {
    SimulatedBackend backend = new SimulatedBackend(3, LATENCY, OVERLOAD);
    for (int i = 0; i < 3; i++) {
      backend.serve(7);
    }

    SimulatedBackend.Served fourth = backend.serve(7);
    SimulatedBackend.Served fifth = backend.serve(7);
    SimulatedBackend.Served nextSecond = backend.serve(8);

    assertTrue(fourth.error());
    assertEquals(OVERLOAD, fourth.latency());
    assertTrue(fifth.error());
    assertFalse(nextSecond.error());
    assertEquals(1, backend.overloadSeconds());
    assertEquals(5, backend.arrivals().get(7L));
  }

  @Test
  void fractionalCapacity_overloadsAboveIt() {
    SimulatedBackend backend = new SimulatedBackend(2.5, LATENCY, OVERLOAD);

    backend.serve(0);
    SimulatedBackend.Served second = backend.serve(0);
    SimulatedBackend.Served third = backend.serve(0);

    assertFalse(second.error());
    assertTrue(third.error());
  }

  @Test
  void zeroCapacity_rejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new SimulatedBackend(0, LATENCY, OVERLOAD));

    assertTrue(error.getMessage().contains("capacityRps"));
  }
}
