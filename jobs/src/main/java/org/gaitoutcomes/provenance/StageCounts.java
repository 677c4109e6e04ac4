package org.gaitoutcomes.provenance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stage's counts for run.json, in the order given, so run.json and the report list them the same way every run. */
public final class StageCounts {
  private StageCounts() {}

  /** {@code namesAndCounts} alternates a name (String) and its count (a whole number). */
  public static Map<String, Long> of(Object... namesAndCounts) {
    if (namesAndCounts.length % 2 != 0) {
      throw new IllegalArgumentException("counts come in name, count pairs: " + namesAndCounts.length + " values given");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < namesAndCounts.length; i += 2) {
      counts.put((String) namesAndCounts[i], ((Number) namesAndCounts[i + 1]).longValue());
    }
    return Collections.unmodifiableMap(counts);
  }
}
