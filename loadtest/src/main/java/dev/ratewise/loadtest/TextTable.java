package dev.ratewise.loadtest;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: label columns aligned left, the others right, two spaces apart. */
final class TextTable {
  private final List<List<String>> rows = new ArrayList<>();
  private final int labelColumns;

  TextTable() {
    this(1);
  }

  /** @param labelColumns the number of leading columns aligned left */
  TextTable(int labelColumns) {
    this.labelColumns = labelColumns;
  }

  TextTable row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  TextTable row(String... cells) {
    return row(List.of(cells));
  }

  String render() {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        String padding = " ".repeat(widths[i] - cell.length());
        String separator = i == 0 ? "" : "  ";
        line.append(separator).append(i < labelColumns ? cell + padding : padding + cell);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
