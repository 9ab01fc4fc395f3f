package dev.ratewise.tuning;

import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.limit.TunedLimit;
import java.util.Map;

/** A fleet of one replica, used without Redis: it always leads and publishes in process. */
public final class LocalFleet implements Fleet {
  private final LimitsHolder limits;

  public LocalFleet(LimitsHolder limits) {
    this.limits = limits;
  }

  @Override
  public boolean leads() {
    return true;
  }

  @Override
  public String leader() {
    return "local";
  }

  @Override
  public void publish(Map<String, TunedLimit> changes) {
    if (!changes.isEmpty()) {
      limits.publishTuned(changes);
    }
  }

  @Override
  public void close() {}
}
