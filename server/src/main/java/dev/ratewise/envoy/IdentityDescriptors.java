package dev.ratewise.envoy;

import dev.ratewise.identity.Identity;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.Entry;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the {@code identity.descriptors} template for one caller. With the default template a
 * known caller gets {@code [tier=T]} and {@code [tier=T, tenant=N]}; an anonymous caller gets
 * {@code [tier=T]} and {@code [tier=T, remote_address=A]}, so each source address has its own
 * counter.
 */
final class IdentityDescriptors {
  /**
   * The address used when the request has none. All such callers share one counter, which is
   * stricter than Envoy's own {@code remote_address} action: that one drops the descriptor.
   */
  static final String UNKNOWN_ADDRESS = "unknown";

  private IdentityDescriptors() {}

  static List<Descriptor> build(List<List<String>> template, Identity identity) {
    List<Descriptor> descriptors = new ArrayList<>(template.size());
    for (List<String> keys : template) {
      List<Entry> entries = new ArrayList<>(keys.size());
      for (String key : keys) {
        entries.add(entry(key, identity));
      }
      descriptors.add(new Descriptor(entries, null, Descriptor.UNSET));
    }
    return descriptors;
  }

  private static Entry entry(String key, Identity identity) {
    String address = identity.sourceAddress().isEmpty()
        ? UNKNOWN_ADDRESS
        : identity.sourceAddress();
    return switch (key) {
      case "tier" -> new Entry("tier", identity.tier());
      case "tenant" -> identity.anonymous()
          ? new Entry("remote_address", address)
          : new Entry("tenant", identity.tenant());
      case "remote_address" -> new Entry("remote_address", address);
      // The config loader accepts only the three keys above.
      default -> throw new IllegalArgumentException(
          "identity.descriptors: unknown entry key '" + key + "'");
    };
  }
}
