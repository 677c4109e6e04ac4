package org.gaitoutcomes.compare;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/** Result records as the rows {@link org.gaitoutcomes.results.ResultTable} writes: one column per component, named in snake_case. */
final class ResultRows {
  private ResultRows() {}

  /** The record's components in declaration order, {@code nTreated} as {@code n_treated}; enums by name. */
  static Map<String, Object> of(Record row) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : row.getClass().getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(row);
        m.put(snakeCase(c.getName()), v instanceof Enum<?> e ? e.name() : v);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + row.getClass().getSimpleName(), e);
      }
    }
    return m;
  }

  static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
