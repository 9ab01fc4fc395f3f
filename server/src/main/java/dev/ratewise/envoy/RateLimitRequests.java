package dev.ratewise.envoy;

import dev.ratewise.config.Unit;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Entry;
import dev.ratewise.limit.LimitRequest;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.grpc.StatusException;
import java.util.ArrayList;
import java.util.List;

/** Checks an Envoy {@code RateLimitRequest} and turns it into a {@link LimitRequest}. */
final class RateLimitRequests {
  /** Descriptors accepted in one request; Envoy's route actions rarely produce more than ten. */
  static final int MAX_DESCRIPTORS = 64;

  private RateLimitRequests() {}

  static LimitRequest toLimitRequest(RateLimitRequest request) throws StatusException {
    if (request.getDomain().isEmpty()) {
      throw RequestErrors.invalid("domain", "rate limit domain must not be empty")
          .asException();
    }
    if (request.getDescriptorsCount() == 0) {
      throw RequestErrors.invalid("descriptors", "rate limit descriptor list must not be empty")
          .asException();
    }
    if (request.getDescriptorsCount() > MAX_DESCRIPTORS) {
      throw RequestErrors.invalid("descriptors", "has " + request.getDescriptorsCount()
          + " descriptors, more than the maximum of " + MAX_DESCRIPTORS).asException();
    }
    List<Descriptor> descriptors = new ArrayList<>(request.getDescriptorsCount());
    for (int i = 0; i < request.getDescriptorsCount(); i++) {
      descriptors.add(toDescriptor(request.getDescriptors(i), "descriptors[" + i + "]"));
    }
    return new LimitRequest(request.getDomain(), descriptors,
        Integer.toUnsignedLong(request.getHitsAddend()));
  }

  static Descriptor toDescriptor(RateLimitDescriptor descriptor, String field)
      throws StatusException {
    List<Entry> entries = new ArrayList<>(descriptor.getEntriesCount());
    for (int j = 0; j < descriptor.getEntriesCount(); j++) {
      RateLimitDescriptor.Entry entry = descriptor.getEntries(j);
      if (entry.getKey().isEmpty()) {
        throw RequestErrors.invalid(field + ".entries[" + j + "].key", "must not be empty")
            .asException();
      }
      entries.add(new Entry(entry.getKey(), entry.getValue()));
    }
    Descriptor.Override override = null;
    if (descriptor.hasLimit()) {
      Unit unit = EnvoyUnits.fromEnvoy(descriptor.getLimit().getUnit());
      if (unit != null) {
        override = new Descriptor.Override(
            Integer.toUnsignedLong(descriptor.getLimit().getRequestsPerUnit()), unit);
      }
    }
    long hitsAddend = descriptor.hasHitsAddend()
        ? descriptor.getHitsAddend().getValue()
        : Descriptor.UNSET;
    return new Descriptor(entries, override, hitsAddend);
  }
}
