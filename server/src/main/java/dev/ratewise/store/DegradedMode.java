package dev.ratewise.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the counter store is failing. Each entry and exit is counted and logged, at most one
 * line per 10 s, never once per request.
 */
public final class DegradedMode {
  private static final Logger log = LoggerFactory.getLogger(DegradedMode.class);

  private final FailurePolicy policy;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private final AtomicLong entered = new AtomicLong();
  private final AtomicLong left = new AtomicLong();
  /** When the last transition was logged, from System.nanoTime; only paces log lines. */
  private final AtomicLong lastLoggedNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final AtomicLong unlogged = new AtomicLong();

  /**
   * Shortest time between two transition log lines, in nanoseconds. A store that flaps, such as
   * a Redis that times out under CPU contention, would otherwise log several lines per second.
   */
  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  public DegradedMode(FailurePolicy policy) {
    this.policy = policy;
  }

  /** Records a store failure; logs only on the transition into degraded mode. */
  public void onFailure(String store, Throwable cause) {
    if (degraded.compareAndSet(false, true)) {
      entered.incrementAndGet();
      if (mayLog()) {
        log.warn("counter store {} failed, entering degraded mode with policy {}: {} "
            + "({} transitions not logged before this one)", store,
            policy.name().toLowerCase(), describe(cause), unlogged.getAndSet(0));
      }
    }
  }

  /** Records a store success; logs only on the transition out of degraded mode. */
  public void onSuccess(String store) {
    if (degraded.get() && degraded.compareAndSet(true, false)) {
      left.incrementAndGet();
      if (mayLog()) {
        log.info("counter store {} responds again, leaving degraded mode "
            + "({} transitions not logged before this one)", store, unlogged.getAndSet(0));
      }
    }
  }

  public boolean isDegraded() {
    return degraded.get();
  }

  public FailurePolicy policy() {
    return policy;
  }

  public long timesEntered() {
    return entered.get();
  }

  public long timesLeft() {
    return left.get();
  }

  /** Returns whether a transition may be logged now; counts it as unlogged when not. */
  private boolean mayLog() {
    long now = System.nanoTime();
    long last = lastLoggedNanos.get();
    if (now - last >= LOG_INTERVAL_NANOS && lastLoggedNanos.compareAndSet(last, now)) {
      return true;
    }
    unlogged.incrementAndGet();
    return false;
  }

  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.util.concurrent.TimeoutException) {
      return "no response within the store timeout";
    }
    String message = root.getMessage();
    return message == null
        ? root.getClass().getSimpleName()
        : root.getClass().getSimpleName() + ": " + message;
  }
}
