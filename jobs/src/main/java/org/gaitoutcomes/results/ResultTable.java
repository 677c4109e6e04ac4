package org.gaitoutcomes.results;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;

/**
 * A small aggregate result table (estimates, balance, diagnostics, ...) held on the driver and
 * written as {@code NAME.json} (an array of objects) and {@code NAME.csv}, with columns in the order
 * of its contract in {@code schemas/}. Only aggregates belong here, never patient-level rows: the
 * writer refuses tables above {@link #MAX_ROWS} rows as a guard.
 */
public final class ResultTable {
  /** Result tables are summaries; anything larger is a bug (patient-level data on the driver). */
  public static final int MAX_ROWS = 100_000;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TableSchema schema;
  private final List<Map<String, Object>> rows;

  public ResultTable(String table, List<Map<String, Object>> rows) {
    this.schema = Schemas.get(table);
    if (rows.size() > MAX_ROWS) {
      throw new IllegalArgumentException("result table " + table + " has " + rows.size() + " rows; results must be aggregates");
    }
    List<Map<String, Object>> copy = new ArrayList<>(rows.size());
    for (Map<String, Object> row : rows) {
      copy.add(validate(row));
    }
    this.rows = Collections.unmodifiableList(copy);
  }

  public TableSchema schema() {
    return schema;
  }

  public String name() {
    return schema.name();
  }

  public List<Map<String, Object>> rows() {
    return rows;
  }

  /** Writes {@code NAME.json} and {@code NAME.csv} into {@code folderUri}. */
  public void write(Configuration conf, String folderUri) {
    try {
      HadoopFiles.writeString(conf, folderUri + "/" + name() + ".json", MAPPER.writeValueAsString(rows));
    } catch (IOException e) {
      throw new GaitException("cannot write " + name() + ".json: " + e.getMessage(), e);
    }
    HadoopFiles.writeString(conf, folderUri + "/" + name() + ".csv", toCsv());
  }

  /** Reads {@code NAME.json} from {@code folderUri}, checking it against the contract. */
  public static ResultTable read(Configuration conf, String folderUri, String table) {
    String uri = folderUri + "/" + table + ".json";
    try {
      List<Map<String, Object>> rows = MAPPER.readValue(HadoopFiles.readString(conf, uri), new TypeReference<>() {});
      return new ResultTable(table, rows);
    } catch (IOException e) {
      throw new GaitException("cannot read " + uri + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new GaitException(uri + ": " + e.getMessage(), e);
    }
  }

  /** RFC 4180 CSV with a header, columns in contract order, empty for null. */
  public String toCsv() {
    StringBuilder csv = new StringBuilder();
    csv.append(String.join(",", schema.columnNames())).append('\n');
    for (Map<String, Object> row : rows) {
      csv.append(schema.columnNames().stream().map(c -> csvCell(row.get(c))).collect(Collectors.joining(","))).append('\n');
    }
    return csv.toString();
  }

  private static String csvCell(Object v) {
    if (v == null) {
      return "";
    }
    String s = v instanceof Double d ? (d.isNaN() || d.isInfinite() ? "" : Double.toString(d)) : v.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private Map<String, Object> validate(Map<String, Object> row) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (String key : row.keySet()) {
      if (schema.column(key).isEmpty()) {
        throw new IllegalArgumentException("result table " + name() + " has no column '" + key + "'");
      }
    }
    for (ColumnSpec c : schema.columns()) {
      Object v = row.get(c.name());
      if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
        v = null;
      }
      if (v == null && c.required()) {
        throw new IllegalArgumentException("result table " + name() + ": required column '" + c.name() + "' is missing in " + row);
      }
      ordered.put(c.name(), v);
    }
    return ordered;
  }
}
