package dev.ratewise.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Renders reports as text: a summary table with one column per run, and a tier table with
 * allowed, denied, rejected and failed calls per run. With more than one phase a phase table
 * splits those counts by phase. With two runs the summary adds the ratio of the first run to the
 * second.
 */
final class ReportTable {
  private ReportTable() {}

  static String render(List<Report> reports) {
    String text = summary(reports).render() + "\n" + tiers(reports).render();
    if (reports.get(0).phases().size() > 1) {
      text += "\n" + phases(reports).render();
    }
    return text;
  }

  /**
   * Returns the first run's figures divided by the second's: throughput and latency
   * percentiles; a value is null where the second figure is 0. Empty unless there are exactly
   * two runs.
   */
  static Map<String, Double> ratios(List<Report> reports) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    if (reports.size() != 2) {
      return ratios;
    }
    Report first = reports.get(0);
    Report second = reports.get(1);
    ratios.put("throughput", ratio(first, second, Report::throughput));
    ratios.put("p50", ratio(first, second, report -> report.latencyMillis().p50()));
    ratios.put("p90", ratio(first, second, report -> report.latencyMillis().p90()));
    ratios.put("p99", ratio(first, second, report -> report.latencyMillis().p99()));
    ratios.put("p99.9", ratio(first, second, report -> report.latencyMillis().p999()));
    return ratios;
  }

  private static TextTable summary(List<Report> reports) {
    Map<String, Double> ratios = ratios(reports);
    TextTable table = new TextTable();
    table.row(cells("", reports, Report::label, ratios.isEmpty() ? null : "ratio"));
    table.row(cells("target", reports, Report::target, null));
    table.row(cells("api, mode", reports,
        report -> report.api().name().toLowerCase(Locale.ROOT) + ", " + report.mode(), null));

    table.row(cells("duration (s)", reports, report -> number(report.durationSeconds()), null));
    table.row(cells("sent", reports, report -> Long.toString(report.sent()), null));
    table.row(cells("completed", reports, report -> Long.toString(report.completed()), null));
    table.row(cells("throughput (calls/s)", reports, report -> number(report.throughput()),
        ratioCell(ratios, "throughput")));

    table.row(cells("latency p50 (ms)", reports,
        report -> millis(report.latencyMillis().p50()), ratioCell(ratios, "p50")));
    table.row(cells("latency p90 (ms)", reports,
        report -> millis(report.latencyMillis().p90()), ratioCell(ratios, "p90")));
    table.row(cells("latency p99 (ms)", reports,
        report -> millis(report.latencyMillis().p99()), ratioCell(ratios, "p99")));
    table.row(cells("latency p99.9 (ms)", reports,
        report -> millis(report.latencyMillis().p999()), ratioCell(ratios, "p99.9")));
    table.row(cells("latency max (ms)", reports,
        report -> millis(report.latencyMillis().max()), null));

    Set<String> statuses = new LinkedHashSet<>();
    reports.forEach(report -> statuses.addAll(report.errorsByStatus().keySet()));
    for (String status : statuses) {
      table.row(cells("errors " + status, reports,
          report -> Long.toString(report.errorsByStatus().getOrDefault(status, 0L)), null));
    }
    if (statuses.isEmpty()) {
      table.row(cells("errors", reports, report -> "0", null));
    }
    return table;
  }

  private static TextTable tiers(List<Report> reports) {
    TextTable table = new TextTable();
    table.row(countsHeader(List.of("tier"), reports));
    Set<String> tiers = new LinkedHashSet<>();
    reports.forEach(report -> tiers.addAll(report.tiers().keySet()));
    for (String tier : tiers) {
      table.row(countsRow(List.of(tier), reports, report -> report.tiers().get(tier)));
    }
    return table;
  }

  private static TextTable phases(List<Report> reports) {
    TextTable table = new TextTable(2);
    table.row(countsHeader(List.of("phase", "tier"), reports));
    for (String phase : reports.get(0).phases().keySet()) {
      Set<String> tiers = new LinkedHashSet<>();
      reports.forEach(report -> tiers.addAll(report.phases().getOrDefault(phase, Map.of())
          .keySet()));
      for (String tier : tiers) {
        table.row(countsRow(List.of(phase, tier), reports,
            report -> report.phases().getOrDefault(phase, Map.of()).get(tier)));
      }
    }
    return table;
  }

  private static List<String> countsHeader(List<String> names, List<Report> reports) {
    List<String> header = new ArrayList<>(names);
    for (Report report : reports) {
      String prefix = reports.size() > 1 ? report.label() + " " : "";
      header.addAll(List.of(prefix + "allowed", "denied", "rejected", "errors"));
    }
    return header;
  }

  /** Returns the named row's counts for each report; a missing entry counts as zeros. */
  private static List<String> countsRow(List<String> names, List<Report> reports,
      java.util.function.Function<Report, Report.TierCounts> lookup) {
    List<String> row = new ArrayList<>(names);
    for (Report report : reports) {
      Report.TierCounts counts = lookup.apply(report);
      if (counts == null) {
        counts = new Report.TierCounts(0, 0, 0, 0);
      }
      row.addAll(List.of(Long.toString(counts.allowed()), Long.toString(counts.denied()),
          Long.toString(counts.rejected()), Long.toString(counts.errors())));
    }
    return row;
  }

  private static List<String> cells(String name, List<Report> reports,
      java.util.function.Function<Report, String> value, String last) {
    List<String> cells = new ArrayList<>();
    cells.add(name);
    reports.forEach(report -> cells.add(value.apply(report)));
    if (last != null) {
      cells.add(last);
    }
    return cells;
  }

  private static String ratioCell(Map<String, Double> ratios, String key) {
    if (!ratios.containsKey(key)) {
      return null;
    }
    Double ratio = ratios.get(key);
    return ratio == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
  }

  /** Returns null when the second figure is 0, which has no ratio. */
  private static Double ratio(Report first, Report second, ToDoubleFunction<Report> figure) {
    double divisor = figure.applyAsDouble(second);
    return divisor == 0 ? null : figure.applyAsDouble(first) / divisor;
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
