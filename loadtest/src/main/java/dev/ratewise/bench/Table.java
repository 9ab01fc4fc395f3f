package dev.ratewise.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for the console. */
final class Table {
  private final String title;
  private final String[] headers;
  private final List<String[]> rows = new ArrayList<>();

  Table(String title, String... headers) {
    this.title = title;
    this.headers = headers;
  }

  Table row(Object... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, table has "
          + headers.length + " columns");
    }
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = format(cells[i]);
    }
    rows.add(text);
    return this;
  }

  void print(PrintStream out) {
    int[] widths = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      widths[i] = headers[i].length();
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println();
    out.println("== " + title);
    printRow(out, headers, widths);
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append("-".repeat(width)).append("  ");
    }
    out.println(rule.toString().stripTrailing());
    for (String[] row : rows) {
      printRow(out, row, widths);
    }
  }

  private static void printRow(PrintStream out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      // The first column is a label; the rest are numbers, aligned right.
      String cell = i == 0
          ? String.format("%-" + widths[i] + "s", cells[i])
          : String.format("%" + widths[i] + "s", cells[i]);
      line.append(cell).append("  ");
    }
    out.println(line.toString().stripTrailing());
  }

  static String format(Object cell) {
    if (cell instanceof Double value) {
      return Math.abs(value) >= 100 ? String.format("%,.0f", value) : String.format("%.2f", value);
    }
    if (cell instanceof Long || cell instanceof Integer) {
      return String.format("%,d", cell);
    }
    return String.valueOf(cell);
  }
}
