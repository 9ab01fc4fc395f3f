package dev.ratewise.limit;

import java.util.List;
import java.util.Optional;

/** The response to a {@link LimitRequest}: one status per descriptor, in order, and the overall code. */
public record LimitResponse(Code overallCode, List<DescriptorStatus> statuses) {
  public LimitResponse {
    statuses = List.copyOf(statuses);
  }

  /**
   * Returns the most constrained limited status: the fewest requests remaining, then the
   * soonest reset. RateLimit headers describe this one.
   */
  public Optional<DescriptorStatus> mostConstrained() {
    DescriptorStatus best = null;
    for (int i = 0; i < statuses.size(); i++) {
      DescriptorStatus status = statuses.get(i);
      if (!status.limited()) {
        continue;
      }
      if (best == null
          || status.remaining() < best.remaining()
          || (status.remaining() == best.remaining()
              && status.resetSeconds() < best.resetSeconds())) {
        best = status;
      }
    }
    return Optional.ofNullable(best);
  }
}
