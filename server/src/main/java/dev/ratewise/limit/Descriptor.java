package dev.ratewise.limit;

import dev.ratewise.config.Unit;
import java.util.List;

/**
 * A request descriptor: the entries, Envoy's optional per-descriptor limit override and its
 * optional hits addend.
 *
 * @param entries the entries in order; never empty once validated
 * @param override the limit Envoy asks for instead of the configured one; null when absent
 * @param hitsAddend the per-descriptor addend; {@link #UNSET} defers to the request's addend, and
 *     an explicit 0 checks without counting
 */
public record Descriptor(List<Entry> entries, Override override, long hitsAddend) {
  /** Marks a descriptor without its own hits addend. */
  public static final long UNSET = -1;

  public Descriptor {
    entries = List.copyOf(entries);
  }

  /** Creates a descriptor from key and value pairs, with no override or addend. */
  public static Descriptor of(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keysAndValues needs pairs, got " + keysAndValues.length);
    }
    Entry[] entries = new Entry[keysAndValues.length / 2];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = new Entry(keysAndValues[2 * i], keysAndValues[2 * i + 1]);
    }
    return new Descriptor(List.of(entries), null, UNSET);
  }

  /** Envoy's per-descriptor limit override. */
  public record Override(long requestsPerUnit, Unit unit) {}
}
