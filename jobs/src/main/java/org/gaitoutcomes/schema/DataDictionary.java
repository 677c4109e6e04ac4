package org.gaitoutcomes.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the data contracts as a Markdown data dictionary ({@code docs/data-dictionary.md}). The
 * checked-in file must equal {@link #render(List)} of {@link Schemas#all()}; a test enforces it and
 * {@code bin/gait-outcomes dictionary} rewrites it.
 */
public final class DataDictionary {
  private DataDictionary() {}

  public static String render(List<TableSchema> tables) {
    StringBuilder md = new StringBuilder();
    md.append("# Data dictionary\n\n");
    md.append("Generated from `schemas/*.json` by `bin/gait-outcomes dictionary`; do not edit by hand.\n");
    md.append("Every day is an offset in days from the patient's baseline (day 0): no calendar dates anywhere.\n\n");
    for (String role : List.of("input", "output")) {
      List<TableSchema> ofRole = tables.stream().filter(t -> role.equals(t.role())).toList();
      if (ofRole.isEmpty()) {
        continue;
      }
      md.append("## ").append(role.equals("input") ? "Input tables" : "Tables the project writes").append("\n\n");
      for (TableSchema t : ofRole) {
        md.append("- [").append(t.name()).append("](#").append(t.name()).append(")\n");
      }
      md.append('\n');
    }
    for (TableSchema t : tables) {
      md.append("## ").append(t.name()).append("\n\n");
      md.append(t.description()).append("\n\n");
      md.append("Contract version ").append(t.version()).append(", `schemas/").append(t.name()).append(".json`.");
      if (!t.primaryKey().isEmpty()) {
        md.append(" Key: ").append(t.primaryKey().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "))).append('.');
      }
      for (TableSchema.ForeignKey fk : t.foreignKeys()) {
        md.append(" `").append(String.join(", ", fk.columns())).append("` references `").append(fk.references()).append("`.");
      }
      if ("input".equals(t.role())) {
        md.append(" Formats: ").append(String.join(", ", t.formats())).append('.');
      }
      md.append("\n\n");
      md.append("| column | type | required | unit | allowed | description |\n");
      md.append("|---|---|---|---|---|---|\n");
      for (ColumnSpec c : t.columns()) {
        md.append("| `").append(c.name()).append("` | `").append(c.type()).append("` | ")
            .append(c.required() ? "yes" : "no").append(" | ")
            .append(c.unit() == null ? "" : c.unit()).append(" | ")
            .append(allowed(c)).append(" | ")
            .append(c.description() == null ? "" : c.description().replace("|", "\\|")).append(" |\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String allowed(ColumnSpec c) {
    if (!c.allowed().isEmpty()) {
      return c.allowed().stream().map(v -> "`" + v + "`").collect(Collectors.joining(", "));
    }
    StringBuilder s = new StringBuilder();
    if (c.min() != null || c.max() != null) {
      s.append(c.min() == null ? "" : number(c.min())).append(" to ").append(c.max() == null ? "" : number(c.max()));
    }
    if (c.pattern() != null) {
      if (s.length() > 0) {
        s.append("; ");
      }
      s.append("matches `").append(c.pattern().replace("|", "\\|")).append('`');
    }
    return s.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
