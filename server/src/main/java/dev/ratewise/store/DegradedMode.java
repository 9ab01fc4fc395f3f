package dev.ratewise.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the counter store is failing. Entering and leaving are each logged once and counted,
 * never once per request.
 */
public final class DegradedMode {
  private static final Logger log = LoggerFactory.getLogger(DegradedMode.class);

  private final FailurePolicy policy;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private final AtomicLong entered = new AtomicLong();
  private final AtomicLong left = new AtomicLong();

  public DegradedMode(FailurePolicy policy) {
    this.policy = policy;
  }

  /** Records a store failure; logs only on the transition into degraded mode. */
  public void onFailure(String store, Throwable cause) {
    if (degraded.compareAndSet(false, true)) {
      entered.incrementAndGet();
      log.warn("counter store {} failed, entering degraded mode with policy {}: {}",
          store, policy.name().toLowerCase(), describe(cause));
    }
  }

  /** Records a store success; logs only on the transition out of degraded mode. */
  public void onSuccess(String store) {
    if (degraded.get() && degraded.compareAndSet(true, false)) {
      left.incrementAndGet();
      log.info("counter store {} answers again, leaving degraded mode", store);
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

  private static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
