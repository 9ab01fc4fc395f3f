package dev.ratewise.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus text format parsed into series, for assertions on a scrape. */
final class ScrapedMetrics {
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private record Series(String name, Map<String, String> labels, double value) {}

  private final List<Series> series = new ArrayList<>();

  ScrapedMetrics(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int valueStart = line.lastIndexOf(' ');
      String key = line.substring(0, valueStart);
      double value = Double.parseDouble(line.substring(valueStart + 1));
      int braces = key.indexOf('{');
      Map<String, String> labels = new HashMap<>();
      if (braces >= 0) {
        Matcher matcher = LABEL.matcher(key.substring(braces));
        while (matcher.find()) {
          labels.put(matcher.group(1), matcher.group(2));
        }
      }
      series.add(new Series(braces < 0 ? key : key.substring(0, braces), labels, value));
    }
  }

  /**
   * Returns the value of the one series with this name that carries all the given labels.
   *
   * @param labels label names and values, alternating
   */
  OptionalDouble value(String name, String... labels) {
    Map<String, String> expected = new HashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      expected.put(labels[i], labels[i + 1]);
    }
    List<Series> matching = series.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(expected.entrySet()))
        .toList();
    if (matching.size() > 1) {
      throw new IllegalArgumentException(matching.size() + " series match " + name + " "
          + expected + "; name more labels");
    }
    return matching.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(matching.get(0).value());
  }

  /** Returns every value of a label across the series of a name. */
  List<String> labelValues(String name, String label) {
    return series.stream().filter(s -> s.name().equals(name))
        .map(s -> s.labels().get(label)).filter(v -> v != null).distinct().toList();
  }
}
