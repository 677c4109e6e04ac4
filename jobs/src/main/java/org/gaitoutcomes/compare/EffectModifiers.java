package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.gaitoutcomes.spark.Progress;

/**
 * DR-learner of the conditional effect (Kennedy 2023): the AIPW pseudo-outcome (cross-fitted) is
 * regressed on baseline effect-modifier features ({@link AnalysisUnit#modifiers}); least squares
 * gives each feature's direction (change in effect per 1 SD), a random forest ({@link HistogramForest},
 * seeded, no bootstrap; above gait.study.aipw.rows-per-forest rows on a subsample) its
 * importance (sums to 1). Units with a missing feature or pseudo-outcome
 * are left out. All from sums over the units: the same in memory and distributed, whatever the
 * partitioning.
 */
public final class EffectModifiers {
  private EffectModifiers() {}

  /** The requested effect-modifier features that are numeric columns of the design (the others are named in a warning). */
  public static List<String> usable(Dataset<Row> design, CompareSpec spec) {
    List<String> features = new ArrayList<>();
    for (String f : spec.effectModifierFeatures()) {
      if (java.util.Arrays.asList(design.columns()).contains(f) && design.schema().apply(f).dataType() instanceof NumericType) {
        features.add(f);
      } else {
        Progress.warn("effect modifiers: " + f + " is not a numeric column of the analysis table; left out");
      }
    }
    return features;
  }

  /**
   * The fitted DR-learner: its rows, the forest of the pseudo-outcome on the features and the
   * least-squares coefficients (intercept first) whose features' SD-scaled values are the directions.
   */
  public record Fit(List<EffectModifierRow> rows, List<String> features, HistogramForest forest, double[] coefficients) {}

  /** One row per feature: importance, direction and rank (by importance, then name). */
  public static Fit fit(UnitSource crossFitted, List<String> features, CompareSpec spec) {
    int f = features.size();
    if (f == 0) {
      return new Fit(List.of(), features, null, new double[0]);
    }
    HistogramForest.Membership member = u -> usable(u) ? new int[] {0} : new int[0];
    HistogramForest forest = HistogramForest.fit(crossFitted, 1, f, member, u -> u.modifiers, Estimators::pseudoOutcome,
        spec.trees(), spec.maxDepth(), spec.rowsPerForest(), spec.seed());
    // Least squares of the pseudo-outcome on 1 and the features, and the features' sums for their SDs: one pass.
    int p = f + 1;
    double[] s = crossFitted.sum(p * p + p + 2 * f + 1, (u, a) -> {
      if (!usable(u)) {
        return;
      }
      double[] x = new double[p];
      x[0] = 1;
      System.arraycopy(u.modifiers, 0, x, 1, f);
      CausalMath.addCrossProducts(a, 0, x, Estimators.pseudoOutcome(u), 1);
      for (int j = 0; j < f; j++) {
        a[p * p + p + j] += u.modifiers[j];
        a[p * p + p + f + j] += u.modifiers[j] * u.modifiers[j];
      }
      a[p * p + p + 2 * f] += 1;
    });
    double[] coef = CausalMath.solve(CausalMath.matrix(s, 0, p), CausalMath.vector(s, p * p, p));
    double n = s[p * p + p + 2 * f];
    double[] imp = forest.importance(0);
    List<EffectModifierRow> rows = new ArrayList<>();
    for (int j = 0; j < f; j++) {
      double mean = s[p * p + p + j] / n;
      double variance = Math.max(0, (s[p * p + p + f + j] - n * mean * mean) / (n - 1));
      rows.add(new EffectModifierRow(features.get(j), imp[j], coef[j + 1] * Math.sqrt(variance), 0));
    }
    rows.sort(Comparator.comparingDouble((EffectModifierRow r) -> -r.importance()).thenComparing(EffectModifierRow::feature));
    List<EffectModifierRow> ranked = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      EffectModifierRow r = rows.get(i);
      ranked.add(new EffectModifierRow(r.feature(), r.importance(), r.direction(), i + 1));
    }
    return new Fit(ranked, features, forest, coef);
  }

  private static boolean usable(AnalysisUnit u) {
    if (u.modifiers == null || Double.isNaN(Estimators.pseudoOutcome(u))) {
      return false;
    }
    for (double v : u.modifiers) {
      if (Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }
}
