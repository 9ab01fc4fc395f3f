package dev.ratewise.tuning;

import dev.ratewise.limit.TunedLimit;
import java.util.Map;

/**
 * The replicas that share tuned limits. One replica leads and runs the decision loop; every
 * replica applies what the leader publishes.
 */
public interface Fleet extends AutoCloseable {
  /** Returns whether this replica leads, taking or renewing the lease when it can. */
  boolean leads();

  /** Returns the leader's replica id, or an empty string when no replica holds the lease. */
  String leader();

  /** Applies tuned limits on this replica and shares them with the others. */
  void publish(Map<String, TunedLimit> changes);

  /** Stops following; a leader stops renewing its lease, so another may take over. */
  @Override
  void close();
}
