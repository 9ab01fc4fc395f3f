package dev.ratewise.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, polling every few milliseconds. */
public final class Await {
  /** Time between polls. */
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private Await() {}

  /**
   * Returns once {@code condition} holds, or throws {@link AssertionError} naming
   * {@code description} when it does not hold within {@code timeout}.
   */
  public static void until(Duration timeout, String description, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + description);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
