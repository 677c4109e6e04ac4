package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** Repeated cross-fitting of the flexible learner: the median rule and the fold splits. */
class CrossFitRepeatsTest {
  private static ArmMeans effect(double d, double var) {
    return new ArmMeans(d, 0, var, 0, 0, 10, 10, Double.NaN, Double.NaN, new double[0], new double[0], "sandwich", null);
  }

  @Test
  void medianRepetitionWithMedianAdjustedVariance() {
    // Chernozhukov et al. 2018, sec. 3.4: effects 1, 3, 2 with variances 1, 4, 0.25; the median effect is 2
    // (repetition 2); the adjusted variances var_s + (effect_s - 2)^2 are 2, 5, 0.25, whose median is 2.
    Estimators.MedianRepetition m = Estimators.medianOfRepetitions(List.of(effect(1, 1), effect(3, 4), effect(2, 0.25)));
    assertEquals(2, m.index());
    assertEquals(2.0, m.means().mu1() - m.means().mu0(), 1e-15);
    assertEquals(2.0, m.means().var1() + m.means().var0() - 2 * m.means().cov10(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> Estimators.medianOfRepetitions(List.of(effect(1, 1), effect(2, 1))));
  }

  @Test
  void everyRepetitionHasItsOwnSplitComputedAsSparkWould() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> table = ConfoundedSimulation.generate(spark, 400, 5, 2);
    CompareSpec spec = CompareTestSupport.spec("gait.study.id-column", "id", "gait.study.covariates", List.of("x1", "x2"),
        "gait.study.outcomes", List.of(Map.of("name", "y", "kind", "continuous")), "gait.study.primary.outcome", "y");
    AnalysisTable.Prepared p = AnalysisTable.prepare(table, spec, List.of(spec.treatment(), "x1", "x2", "y"));
    List<Row> rows = p.rows().select(col(AnalysisTable.KEY), col(AnalysisTable.FOLD),
        pmod(xxhash64(col(AnalysisTable.KEY), lit(spec.seed() + 3)), lit(spec.folds())).cast("int")).collectAsList();
    int differ = 0;
    for (Row r : rows) {
      AnalysisUnit u = new AnalysisUnit(r.getLong(0), 0, new double[] {1}, 0);
      u.fold = r.getInt(1);
      assertEquals(r.getInt(1), FlexibleLearner.fold(u, spec.seed(), 0, spec.folds()));
      assertEquals(r.getInt(2), FlexibleLearner.fold(u, spec.seed(), 3, spec.folds()));
      differ += FlexibleLearner.fold(u, spec.seed(), 1, spec.folds()) != u.fold ? 1 : 0;
    }
    // Another split, not a relabelling of the same one: about (folds - 1) / folds of the units move.
    assertNotEquals(0, differ);
    assertEquals(0.8, (double) differ / rows.size(), 0.08);
  }
}
