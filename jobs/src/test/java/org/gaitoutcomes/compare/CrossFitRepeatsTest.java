package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
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

  @Test
  void repetitionsInOnePassEqualOnePassEach() {
    // Estimators.aipwRepetitions: repetition r with its own bootstrap must be, bit for bit, the AIPW of
    // units whose m1, m0 are repetition r's (what a pass per repetition computed before). Distributed, two
    // jobs may merge their partitions' sums in another order (the order tasks finish), hence 1e-12 there.
    Random rnd = new Random(11);
    int repeats = 3;
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double x = rnd.nextGaussian();
      AnalysisUnit u = new AnalysisUnit(rnd.nextLong(), rnd.nextDouble() < 0.4 ? 1 : 0, new double[] {1, x}, rnd.nextDouble() < 0.1 ? Double.NaN : x + rnd.nextGaussian());
      u.ew = 0.2 + 0.6 * rnd.nextDouble();
      u.e = u.ew;
      u.omega = 1 + 0.2 * rnd.nextDouble();
      u.subset = i % 17 == 0 ? 0 : 1;
      u.m1Repeats = new double[repeats];
      u.m0Repeats = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        u.m1Repeats[r] = x + 1 + 0.1 * rnd.nextGaussian();
        u.m0Repeats[r] = x + 0.1 * rnd.nextGaussian();
      }
      units.add(u);
    }
    Estimators.Bootstrap boot = new Estimators.Bootstrap(25, 5);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    for (UnitSource source : List.of(UnitSource.of(units), UnitSource.of(jsc.parallelize(units, 3)))) {
      for (Estimand e : List.of(Estimand.ATE, Estimand.ATT)) {
        List<ArmMeans> fused = Estimators.aipwRepetitions(source, e, boot, repeats);
        assertEquals(repeats, fused.size());
        for (int r = 0; r < repeats; r++) {
          int rep = r;
          ArmMeans alone = Estimators.aipw(source.map(u -> {
            u.m1 = u.m1Repeats[rep];
            u.m0 = u.m0Repeats[rep];
            return u;
          }), e, boot);
          ArmMeans f = fused.get(r);
          String what = e + " repetition " + r + " on " + source.getClass().getSimpleName();
          double tolerance = source instanceof UnitSource.ListSource ? 0 : 1e-12;
          assertArrayEquals(new double[] {alone.mu1(), alone.mu0(), alone.var1(), alone.var0(), alone.cov10(), alone.n1(), alone.n0()},
              new double[] {f.mu1(), f.mu0(), f.var1(), f.var0(), f.cov10(), f.n1(), f.n0()}, tolerance, what);
          assertArrayEquals(alone.boot1(), f.boot1(), tolerance, what);
          assertArrayEquals(alone.boot0(), f.boot0(), tolerance, what);
          assertEquals(25, f.boot1().length);
        }
        // The repetitions' predictions differ, so their estimates do.
        assertNotEquals(fused.get(0).mu1(), fused.get(1).mu1());
      }
    }
  }

  @Test
  void sharedThresholdsGrowTheForestsEachRepetitionGrowsAlone() {
    // FlexibleLearner.crossFitForests runs one thresholds pass for every repetition: each repetition's
    // forests must be, bit for bit, those HistogramForest.fit grows with that repetition's membership alone
    // (here subsampled, rows-per-forest 300 against about 700 training rows, so the per-forest counts matter).
    Random rnd = new Random(3);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      double x1 = rnd.nextGaussian();
      double x2 = rnd.nextDouble();
      AnalysisUnit u = new AnalysisUnit(rnd.nextLong(), rnd.nextDouble() < 0.45 ? 1 : 0, new double[] {1, x1, x2},
          rnd.nextDouble() < 0.1 ? Double.NaN : x1 + Math.sin(3 * x2) + rnd.nextGaussian());
      u.fold = i % 5;
      units.add(u);
    }
    CompareSpec spec = CompareTestSupport.spec("gait.study.aipw.repeats", 3, "gait.study.aipw.trees", 8, "gait.study.aipw.rows-per-forest", 300);
    UnitSource source = UnitSource.of(units);
    List<HistogramForest> shared = FlexibleLearner.crossFitForests(source, spec).forests();
    assertEquals(3, shared.size());
    for (int r = 0; r < 3; r++) {
      int rep = r;
      HistogramForest alone = HistogramForest.fit(source, 2 * spec.folds(), 2, u -> FlexibleLearner.trains(u, spec.seed(), rep, spec.folds()),
          FlexibleLearner::covariates, u -> u.y, spec.trees(), spec.maxDepth(), spec.rowsPerForest(), spec.seed() + 7919L * rep);
      HistogramForest.Trees a = alone.trees();
      HistogramForest.Trees b = shared.get(r).trees();
      for (int m = 0; m < a.forests(); m++) {
        for (int j = 0; j < a.trees(); j++) {
          assertArrayEquals(a.feature()[m][j], b.feature()[m][j], "repetition " + r + " forest " + m + " tree " + j);
          assertArrayEquals(a.threshold()[m][j], b.threshold()[m][j], 0, "repetition " + r + " forest " + m + " tree " + j);
          assertArrayEquals(a.value()[m][j], b.value()[m][j], 0, "repetition " + r + " forest " + m + " tree " + j);
        }
      }
    }
  }
}
