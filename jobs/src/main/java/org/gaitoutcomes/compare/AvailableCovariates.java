package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The study's covariates that the analysis table actually holds. A covariate column that is empty in
 * every row (a registry without foot exams has no pronated or lld_abs_mm) cannot adjust anything and
 * would exclude every row: it is left out of the models, and a diagnostics row names it. Columns that
 * are absent stay an error (a typo is never dropped silently), as does a table where no covariate
 * holds a value.
 *
 * @param spec the spec with the available covariates only
 * @param unavailable the covariates left out, in the spec's order
 */
public record AvailableCovariates(CompareSpec spec, List<String> unavailable) {

  /** Checks {@code spec}'s covariates against {@code table} (one aggregate pass). */
  public static AvailableCovariates of(Dataset<Row> table, CompareSpec spec) {
    return of(table, spec, null);
  }

  /**
   * As {@link #of(Dataset, CompareSpec)}, with the values per column already counted when the table was
   * read ({@link AnalysisTable#readWithCounts}; null: count them here).
   */
  public static AvailableCovariates of(Dataset<Row> table, CompareSpec spec, Map<String, Long> valueCounts) {
    List<String> present = new ArrayList<>();
    for (String c : spec.covariates()) {
      if (Arrays.asList(table.columns()).contains(c)) {
        present.add(c);
      }
    }
    if (present.isEmpty()) {
      return new AvailableCovariates(spec, List.of());
    }
    long[] values = new long[present.size()];
    if (valueCounts != null && valueCounts.keySet().containsAll(present)) {
      for (int i = 0; i < present.size(); i++) {
        values[i] = valueCounts.get(present.get(i));
      }
    } else {
      Column[] counts = present.stream().map(c -> count(col("`" + c + "`")).as(c)).toArray(Column[]::new);
      // driver-safe: one row of counts
      Row r = table.agg(counts[0], Arrays.copyOfRange(counts, 1, counts.length)).first();
      for (int i = 0; i < present.size(); i++) {
        values[i] = r.getLong(i);
      }
    }
    List<String> unavailable = new ArrayList<>();
    for (int i = 0; i < present.size(); i++) {
      if (values[i] == 0) {
        unavailable.add(present.get(i));
      }
    }
    if (unavailable.isEmpty() || unavailable.size() == spec.covariates().size()) {
      return new AvailableCovariates(spec, List.of());
    }
    List<String> kept = new ArrayList<>(spec.covariates());
    kept.removeAll(unavailable);
    return new AvailableCovariates(spec.withCovariates(kept), List.copyOf(unavailable));
  }

  /** The diagnostics row (check unavailable_covariates) when a covariate was left out. */
  public Optional<DiagnosticRow> diagnostic() {
    if (unavailable.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DiagnosticRow("unavailable_covariates", "design", DiagnosticRow.Subject.DESIGN, (double) unavailable.size(), "informational", null,
        "Covariates of the study spec with no value in any row, left out of every model: " + String.join(", ", unavailable)
        + ". Estimates are not adjusted for them."));
  }
}
