package dev.ratewise.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Calls per Redis command, parsed from {@code INFO commandstats}, whose lines read
 * {@code cmdstat_evalsha:calls=1200,usec=...}.
 */
record CommandStats(Map<String, Long> calls) {
  /** Commands the benchmark harness and ratewise's readiness check send on their own. */
  private static final Set<String> HOUSEKEEPING =
      Set.of("info", "ping", "flushall", "hello", "client|setinfo", "client|setname");

  static CommandStats parse(String info) {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : info.split("\r?\n")) {
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      int colon = line.indexOf(':');
      String command = line.substring("cmdstat_".length(), colon);
      int start = line.indexOf("calls=", colon) + "calls=".length();
      int end = line.indexOf(',', start);
      calls.put(command, Long.parseLong(line.substring(start, end < 0 ? line.length() : end)));
    }
    return new CommandStats(calls);
  }

  /** Returns the calls made since {@code before}, per command, without housekeeping commands. */
  CommandStats since(CommandStats before) {
    Map<String, Long> delta = new TreeMap<>();
    for (Map.Entry<String, Long> entry : calls.entrySet()) {
      long previous = before.calls.getOrDefault(entry.getKey(), 0L);
      long made = entry.getValue() - previous;
      if (made > 0 && !HOUSEKEEPING.contains(entry.getKey())) {
        delta.put(entry.getKey(), made);
      }
    }
    return new CommandStats(delta);
  }

  /** Returns the calls of both, per command. */
  CommandStats plus(CommandStats other) {
    Map<String, Long> sum = new TreeMap<>(calls);
    other.calls.forEach((command, made) -> sum.merge(command, made, Long::sum));
    return new CommandStats(sum);
  }

  /** Returns the calls per command divided by {@code decisions}. */
  Map<String, Double> per(long decisions) {
    Map<String, Double> ratios = new TreeMap<>();
    calls.forEach((command, made) -> ratios.put(command, (double) made / decisions));
    return ratios;
  }

  long of(String command) {
    return calls.getOrDefault(command, 0L);
  }

  long total() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }
}
