package org.gaitoutcomes.omop;

import java.io.Serializable;
import java.util.Map;

/**
 * One row of an OMOP table as read: its table, source file name, its id (the table's own key, e.g.
 * measurement_id; 0 when missing or not a number), person_id and every column as text, keyed by
 * lower-case column name.
 */
public record OmopRecord(String table, String sourceFile, long id, String personId, Map<String, String> fields)
    implements Serializable {

  /** The trimmed value of {@code column}; null when absent or empty. */
  public String get(String column) {
    String v = fields.get(column);
    if (v == null) {
      return null;
    }
    v = v.trim();
    return v.isEmpty() ? null : v;
  }

  /** The value of {@code column} as a whole number; null when absent or not one. */
  public Long getLong(String column) {
    String v = get(column);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      try {
        double d = Double.parseDouble(v);
        return d == Math.rint(d) && Math.abs(d) < 9e15 ? (long) d : null;
      } catch (NumberFormatException e2) {
        return null;
      }
    }
  }
}
