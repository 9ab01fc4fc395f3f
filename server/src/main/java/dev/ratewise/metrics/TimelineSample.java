package dev.ratewise.metrics;

import java.util.List;

/**
 * Every tier's state at one instant.
 *
 * @param timeMillis the sample's time, in milliseconds since the epoch
 * @param tiers one entry per tier, in config order
 */
public record TimelineSample(long timeMillis, List<TierSample> tiers) {
  public TimelineSample {
    tiers = List.copyOf(tiers);
  }
}
