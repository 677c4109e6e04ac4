package org.gaitoutcomes.report;

import java.util.List;

/**
 * A table of the report, already privacy-safe: what the HTML shows ({@link Cell#text}) and what the
 * CSV and JSON exports carry ({@link Cell#value}: a number, a boolean, a marker string such as
 * {@code <11}, or null). Also the data behind a figure.
 */
public record Table(String id, String caption, List<String> columns, List<Row> rows, String note) {
  public Table {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    for (Row r : rows) {
      if (r.cells().size() != columns.size()) {
        throw new IllegalArgumentException("table " + id + ": row has " + r.cells().size() + " cells for " + columns.size() + " columns");
      }
    }
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** One row; {@code css} styles the whole row (e.g. the primary result). */
  public record Row(List<Cell> cells, String css) {
    public Row {
      cells = List.copyOf(cells);
    }

    public Row(List<Cell> cells) {
      this(cells, "");
    }
  }

  /** One cell: shown text, exported value, and a CSS class ({@code num}, {@code pass}, {@code fail}, {@code suppressed}). */
  public record Cell(String text, Object value, String css) {
    public static Cell text(String s) {
      return new Cell(s == null ? "" : s, s, "");
    }

    public static Cell num(String text, Object value) {
      return new Cell(text, value, "num");
    }
  }
}
