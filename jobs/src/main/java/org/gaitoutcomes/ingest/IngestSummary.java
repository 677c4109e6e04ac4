package org.gaitoutcomes.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What ingest did, per input table, in {@code Schemas.INGEST_TABLES} order: written as
 * {@code ingest-summary.json} and printed as a small table. Aggregate counts only.
 *
 * @param tables one entry per input table
 * @param warnings run-level warnings (ids not re-keyed, failed checks), one line each
 */
public record IngestSummary(List<TableSummary> tables, List<String> warnings) {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public IngestSummary {
    tables = List.copyOf(tables);
    warnings = List.copyOf(warnings);
  }

  /** A summary without run-level warnings. */
  public IngestSummary(List<TableSummary> tables) {
    this(tables, List.of());
  }

  /** The same summary with {@code more} run-level warnings. */
  public IngestSummary withWarnings(List<String> more) {
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new IngestSummary(tables, all);
  }

  /**
   * One input table.
   *
   * @param table table name
   * @param present false when the (optional) table was absent from the input
   * @param format csv, jsonl or parquet; null when absent or empty
   * @param files number of data files read
   * @param rowsRead records read, including malformed ones
   * @param rowsAccepted records written to {@code curated/<table>/}
   * @param rowsQuarantined records written to {@code quarantine/}
   * @param quarantinedByRule rule id to count, in rule order, rules with no record left out
   * @param droppedColumns columns in the input that the contract does not have (not read, not written);
   *     a name that looks like an identifier is shown as {@code <masked>}
   * @param topCoded accepted records whose age was top-coded to 90
   * @param warnings table-level warnings (missing optional columns), one line each
   */
  public record TableSummary(
      String table,
      boolean present,
      String format,
      int files,
      long rowsRead,
      long rowsAccepted,
      long rowsQuarantined,
      Map<String, Long> quarantinedByRule,
      List<String> droppedColumns,
      long topCoded,
      List<String> warnings) {

    /** A table summary without warnings. */
    public TableSummary(String table, boolean present, String format, int files, long rowsRead, long rowsAccepted,
        long rowsQuarantined, Map<String, Long> quarantinedByRule, List<String> droppedColumns, long topCoded) {
      this(table, present, format, files, rowsRead, rowsAccepted, rowsQuarantined, quarantinedByRule, droppedColumns,
          topCoded, List.of());
    }

    public TableSummary {
      quarantinedByRule = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(quarantinedByRule));
      droppedColumns = List.copyOf(droppedColumns);
      warnings = List.copyOf(warnings);
      long byRule = quarantinedByRule.values().stream().mapToLong(Long::longValue).sum();
      if (rowsRead != rowsAccepted + rowsQuarantined || byRule != rowsQuarantined) {
        // A bug, not bad data: every record read must be either accepted or quarantined under one rule.
        throw new IllegalStateException("ingest of " + table + " does not reconcile: read " + rowsRead + ", accepted "
            + rowsAccepted + ", quarantined " + rowsQuarantined + " (" + byRule + " by rule)");
      }
    }
  }

  /** The table for {@code name}. */
  public TableSummary table(String name) {
    return tables.stream().filter(t -> t.table().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no table " + name + " in the ingest summary"));
  }

  public String toJson() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same JSON as a tree, for embedding in the run manifest. */
  public JsonNode toJsonTree() {
    return MAPPER.valueToTree(this);
  }

  /** A small aligned table for the terminal. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    String row = "%-11s %-8s %10s %10s %12s %10s  %s%n";
    s.append(String.format(Locale.ROOT, row, "table", "format", "read", "accepted", "quarantined", "top-coded", "dropped columns"));
    for (TableSummary t : tables) {
      s.append(String.format(Locale.ROOT, row, t.table(), t.present() ? (t.format() == null ? "empty" : t.format()) : "absent",
          t.rowsRead(), t.rowsAccepted(), t.rowsQuarantined(), t.topCoded(),
          t.droppedColumns().isEmpty() ? "-" : String.join(", ", t.droppedColumns())));
    }
    for (TableSummary t : tables) {
      t.warnings().forEach(w -> s.append("warning: ").append(w).append('\n'));
    }
    warnings.forEach(w -> s.append("warning: ").append(w).append('\n'));
    for (TableSummary t : tables) {
      if (!t.quarantinedByRule().isEmpty()) {
        s.append("quarantined in ").append(t.table()).append(": ").append(t.quarantinedByRule().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
      }
    }
    return s.toString();
  }
}
