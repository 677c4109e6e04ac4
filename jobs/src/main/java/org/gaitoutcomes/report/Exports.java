package org.gaitoutcomes.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV and JSON for a report {@link Table}: the exported values (numbers at full precision, markers
 * such as {@code <11} for suppressed counts, the word {@code withheld} for withheld estimates).
 * Columns get snake_case names; an interval column becomes {@code NAME_low} and {@code NAME_high}.
 */
final class Exports {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Exports() {}

  static List<Map<String, Object>> records(Table t) {
    List<String> names = new ArrayList<>();
    List<Boolean> interval = new ArrayList<>();
    for (int j = 0; j < t.columns().size(); j++) {
      final int col = j;
      names.add(key(t.columns().get(j)));
      // A CI column is split even when every interval is withheld, so the export's columns are stable.
      interval.add(t.columns().get(j).equals("95% CI") || t.rows().stream().anyMatch(r -> r.cells().get(col).value() instanceof List));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Table.Row r : t.rows()) {
      Map<String, Object> rec = new LinkedHashMap<>();
      for (int j = 0; j < names.size(); j++) {
        Object v = r.cells().get(j).value();
        if (interval.get(j)) {
          List<?> pair = v instanceof List<?> l ? l : null;
          rec.put(names.get(j) + "_low", pair == null ? null : pair.get(0));
          rec.put(names.get(j) + "_high", pair == null ? null : pair.get(1));
        } else {
          rec.put(names.get(j), v);
        }
      }
      out.add(rec);
    }
    return out;
  }

  static String json(Table t) {
    try {
      return JSON.writeValueAsString(records(t)) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 4180 CSV with a header row. */
  static String csv(Table t) {
    List<Map<String, Object>> recs = records(t);
    List<String> header = new ArrayList<>();
    if (recs.isEmpty()) {
      t.columns().forEach(c -> header.add(key(c)));
    } else {
      header.addAll(recs.get(0).keySet());
    }
    StringBuilder s = new StringBuilder(String.join(",", header)).append('\n');
    for (Map<String, Object> rec : recs) {
      List<String> cells = new ArrayList<>();
      for (String h : header) {
        cells.add(cell(rec.get(h)));
      }
      s.append(String.join(",", cells)).append('\n');
    }
    return s.toString();
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    String s = v.toString();
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  static String key(String column) {
    String k = column.toLowerCase(Locale.ROOT).replace("95% ci", "ci95").replace("|smd| < 0.1", "abs_smd_below_0_1")
        .replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    return k.isEmpty() ? "column" : k;
  }
}
