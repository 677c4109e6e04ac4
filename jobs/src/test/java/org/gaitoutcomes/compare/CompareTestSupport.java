package org.gaitoutcomes.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.results.ResultTable;

/** Helpers for the compare tests: specs from overrides, and reading result rows. */
final class CompareTestSupport {
  private CompareTestSupport() {}

  static CompareSpec spec(Map<String, ?> overrides) {
    return CompareSpec.from(Settings.load(new Configuration(), null, overrides));
  }

  /** A spec from alternating configuration paths and values. */
  static CompareSpec spec(Object... pathsAndValues) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pathsAndValues.length; i += 2) {
      m.put((String) pathsAndValues[i], pathsAndValues[i + 1]);
    }
    return spec(m);
  }

  static List<Map<String, Object>> read(Path folder, String table) {
    return ResultTable.read(new Configuration(), folder.toUri().toString(), table).rows();
  }

  /** The single row matching every key = value given. */
  static Map<String, Object> row(List<Map<String, Object>> rows, Object... keyValues) {
    List<Map<String, Object>> hits = rows.stream().filter(r -> {
      for (int i = 0; i < keyValues.length; i += 2) {
        if (!String.valueOf(r.get((String) keyValues[i])).equals(String.valueOf(keyValues[i + 1]))) {
          return false;
        }
      }
      return true;
    }).toList();
    if (hits.size() != 1) {
      throw new AssertionError("expected one row with " + java.util.Arrays.toString(keyValues) + ", found " + hits.size());
    }
    return hits.get(0);
  }

  static double num(Map<String, Object> row, String column) {
    Object v = row.get(column);
    if (v == null) {
      throw new AssertionError("column " + column + " is null in " + row);
    }
    return ((Number) v).doubleValue();
  }

  /** Every result table of two compare outputs holds the same rows: numbers within {@code relTol} (relative, at least absolute), the rest equal. */
  static void assertSameResults(Path one, Path other, double relTol) {
    for (String table : CompareStage.RESULT_TABLES) {
      List<Map<String, Object>> a = read(one, table);
      List<Map<String, Object>> b = read(other, table);
      org.junit.jupiter.api.Assertions.assertEquals(a.size(), b.size(), table);
      for (int i = 0; i < a.size(); i++) {
        for (Map.Entry<String, Object> e : a.get(i).entrySet()) {
          Object y = b.get(i).get(e.getKey());
          String where = table + " row " + i + " " + e.getKey() + " " + a.get(i);
          if (e.getValue() instanceof Number x && y instanceof Number z) {
            double tol = relTol * Math.max(1, Math.abs(x.doubleValue()));
            org.junit.jupiter.api.Assertions.assertEquals(x.doubleValue(), z.doubleValue(), tol, where);
          } else if (!e.getKey().equals("meaning")) {
            org.junit.jupiter.api.Assertions.assertEquals(e.getValue(), y, where);
          }
        }
      }
    }
  }
}
