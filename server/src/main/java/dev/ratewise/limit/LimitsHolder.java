package dev.ratewise.limit;

import dev.ratewise.config.RatewiseConfig;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The live {@link Limits} snapshot. Readers take one volatile read per request; writers swap in a
 * whole new snapshot atomically, so a request never reads half of an update.
 */
public final class LimitsHolder {
  private final AtomicReference<Limits> current;

  public LimitsHolder(Limits initial) {
    this.current = new AtomicReference<>(initial);
  }

  public Limits current() {
    return current.get();
  }

  /** Applies tuned limits, which the next request reads. */
  public Limits publishTuned(Map<String, TunedLimit> changes) {
    return update(limits -> limits.withTuned(changes));
  }

  /** Applies a reloaded config, keeping tuned limits of rules that still exist. */
  public Limits publishConfig(RatewiseConfig config) {
    return update(limits -> limits.reconfigure(config));
  }

  private Limits update(UnaryOperator<Limits> change) {
    return current.updateAndGet(change);
  }
}
