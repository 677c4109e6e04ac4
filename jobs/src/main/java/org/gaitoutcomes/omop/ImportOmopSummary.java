package org.gaitoutcomes.omop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * What import-omop did, per OMOP table: rows read, and how every one ended (used, superseded,
 * unmapped, not_eligible, quarantined, which add up to the rows read), the quarantine by rule and
 * the unmapped concepts by concept id; then the rows written to each of our tables. Internal (exact
 * counts): {@code omop-summary.json}.
 */
public record ImportOmopSummary(Map<String, TableCounts> tables, Map<String, Long> written, long quarantineRows) {

  /** The counts of one OMOP table. */
  public record TableCounts(long rowsRead, Map<String, Long> byStatus, Map<String, Long> quarantinedByRule,
      Map<String, Long> unmappedByConcept) {

    public long status(String status) {
      return byStatus.getOrDefault(status, 0L);
    }
  }

  /**
   * Builds the summary from the rows read per table and the status counts (table, status, concept,
   * rule, count); fails when a table's statuses do not add up to its rows read (a bug, never data).
   */
  static ImportOmopSummary of(Map<String, Long> read, List<Row> statuses, Map<String, Long> written, long quarantineRows) {
    Map<String, TableCounts> tables = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : read.entrySet()) {
      Map<String, Long> byStatus = new LinkedHashMap<>();
      PersonMapper.STATUSES.forEach(s -> byStatus.put(s, 0L));
      tables.put(e.getKey(), new TableCounts(e.getValue(), byStatus, new TreeMap<>(), new TreeMap<>()));
    }
    for (Row r : statuses) {
      TableCounts t = tables.get(r.getString(0));
      long n = r.getLong(4);
      t.byStatus().merge(r.getString(1), n, Long::sum);
      if (r.getString(3) != null) {
        t.quarantinedByRule().merge(r.getString(3), n, Long::sum);
      }
      if (r.getString(1).equals(PersonMapper.UNMAPPED)) {
        t.unmappedByConcept().merge(r.getString(2) == null ? "none" : r.getString(2), n, Long::sum);
      }
    }
    long quarantined = 0;
    for (Map.Entry<String, TableCounts> e : tables.entrySet()) {
      long sum = e.getValue().byStatus().values().stream().mapToLong(Long::longValue).sum();
      if (sum != e.getValue().rowsRead()) {
        throw new IllegalStateException("OMOP table " + e.getKey() + ": " + e.getValue().rowsRead() + " rows read but " + sum + " accounted for");
      }
      quarantined += e.getValue().status(PersonMapper.QUARANTINED);
    }
    if (quarantined != quarantineRows) {
      throw new IllegalStateException(quarantined + " records quarantined but " + quarantineRows + " quarantine rows written");
    }
    return new ImportOmopSummary(tables, written, quarantineRows);
  }

  /** The summary as formatted JSON. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tables", tables);
    m.put("written", written);
    m.put("quarantine_rows", quarantineRows);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A table of the counts for the terminal. */
  public String toText() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-22s %10s %10s %10s %10s %12s %11s%n",
        "OMOP table", "read", "used", "superseded", "unmapped", "not_eligible", "quarantined"));
    tables.forEach((name, t) -> s.append(String.format(Locale.ROOT, "%-22s %10d %10d %10d %10d %12d %11d%n", name, t.rowsRead(),
        t.status(PersonMapper.USED), t.status(PersonMapper.SUPERSEDED), t.status(PersonMapper.UNMAPPED),
        t.status(PersonMapper.NOT_ELIGIBLE), t.status(PersonMapper.QUARANTINED))));
    tables.forEach((name, t) -> {
      if (!t.quarantinedByRule().isEmpty()) {
        s.append("quarantined in ").append(name).append(": ");
        t.quarantinedByRule().forEach((rule, n) -> s.append(rule).append(' ').append(n).append(' '));
        s.append('\n');
      }
    });
    s.append("written: ");
    written.forEach((table, n) -> s.append(table).append(' ').append(n).append(' '));
    return s.append('\n').toString();
  }
}
