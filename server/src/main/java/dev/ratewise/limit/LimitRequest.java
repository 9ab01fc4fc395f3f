package dev.ratewise.limit;

import java.util.List;

/**
 * One rate limit question: the domain, its descriptors and the request-level hits addend.
 *
 * @param hitsAddend the request-level addend; 0 counts as 1, as in Envoy's API
 */
public record LimitRequest(String domain, List<Descriptor> descriptors, long hitsAddend) {
  public LimitRequest {
    descriptors = List.copyOf(descriptors);
  }
}
