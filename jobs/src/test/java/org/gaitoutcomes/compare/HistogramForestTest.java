package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The binned-sums random forest: hand cases, a nonlinear truth, cross-fitting, and in-memory = distributed. */
class HistogramForestTest {
  static AnalysisUnit unit(long key, double t, double y, int fold, double... features) {
    double[] x = new double[features.length + 1];
    x[0] = 1;
    System.arraycopy(features, 0, x, 1, features.length);
    AnalysisUnit u = new AnalysisUnit(key, t, x, y);
    u.fold = fold;
    return u;
  }

  static HistogramForest fitAll(UnitSource s, int features, int trees, int depth) {
    return HistogramForest.fit(s, 1, features, u -> new int[] {0}, FlexibleLearner::covariates, u -> u.y, trees, depth, 0, 3);
  }

  @Test
  void oneSplitOfAStepIsExact() {
    // y = 10 for x > 4, else 2; one feature, one tree of depth 1: the split falls between 4 and 5 and the leaves are the arm means.
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      units.add(unit(i, 0, i > 4 ? 10 : 2, 0, i));
    }
    HistogramForest f = fitAll(UnitSource.of(units), 1, 1, 1);
    for (int i = 1; i <= 8; i++) {
      assertEquals(i > 4 ? 10 : 2, f.predict(0, new double[] {i}), 1e-12, "x = " + i);
    }
    assertArrayEquals(new double[] {1.0}, f.importance(0), 1e-12);
  }

  @Test
  void constantOutcomeMakesOneLeafWithTheMean() {
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      units.add(unit(i, 0, 3.5, 0, i % 5, i));
    }
    HistogramForest f = fitAll(UnitSource.of(units), 2, 4, 3);
    assertEquals(3.5, f.predict(0, new double[] {2, 7}), 1e-12);
    assertArrayEquals(new double[] {0, 0}, f.importance(0), 0);
  }

  @Test
  void thresholdsAreQuantilesAndConstantFeaturesHaveNone() {
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      units.add(unit(i, 0, 0, 0, i, 7, i % 2));
    }
    HistogramForest.Thresholds th = HistogramForest.thresholds(UnitSource.of(units), 1, 3, u -> new int[] {0}, FlexibleLearner::covariates);
    double[][] edges = th.edges();
    assertArrayEquals(new double[] {1000}, th.rows(), 0);
    // 0..999 in 32 bins: 31 inner thresholds near multiples of 1000/32 = 31.25, then +infinity.
    assertEquals(HistogramForest.BINS, edges[0].length);
    assertEquals(31.25, edges[0][0], 1.0);
    assertEquals(Double.POSITIVE_INFINITY, edges[0][31]);
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY}, edges[1]);
    // A 0/1 feature has one threshold between its two values.
    assertEquals(2, edges[2].length);
    assertTrue(edges[2][0] >= 0 && edges[2][0] < 1, "binary threshold " + edges[2][0]);
  }

  @Test
  void learnsANonlinearFunctionAndRanksItsFeatures() {
    Random rnd = new Random(1);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      double a = rnd.nextDouble() * 4 - 2;
      double b = rnd.nextDouble() * 4 - 2;
      double noise = rnd.nextDouble();
      units.add(unit(i, 0, a * a + (b > 0 ? 1 : 0) + 0.1 * rnd.nextGaussian(), 0, a, b, noise));
    }
    HistogramForest f = fitAll(UnitSource.of(units), 3, 30, 6);
    // The reference: MLlib's RandomForestRegressor with the same settings on the same rows.
    SparkSession spark = SparkTestSession.get();
    List<org.apache.spark.sql.Row> rows = units.stream().map(u -> org.apache.spark.sql.RowFactory.create(u.y,
        org.apache.spark.ml.linalg.Vectors.dense(FlexibleLearner.covariates(u)))).toList();
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("y", "double")
        .add("f", new org.apache.spark.ml.linalg.VectorUDT());
    org.apache.spark.ml.regression.RandomForestRegressionModel mllib = new org.apache.spark.ml.regression.RandomForestRegressor()
        .setFeaturesCol("f").setLabelCol("y").setNumTrees(30).setMaxDepth(6).setBootstrap(false).setFeatureSubsetStrategy("onethird").setSeed(3)
        .fit(spark.createDataFrame(rows, schema));
    double sse = 0;
    double sseMllib = 0;
    for (int i = 0; i < 200; i++) {
      double a = -2 + 4 * i / 200.0;
      double truth = a * a + 1;
      double p = f.predict(0, new double[] {a, 1, 0.5});
      double q = mllib.predict(org.apache.spark.ml.linalg.Vectors.dense(a, 1, 0.5));
      sse += (p - truth) * (p - truth);
      sseMllib += (q - truth) * (q - truth);
    }
    double rmse = Math.sqrt(sse / 200);
    double rmseMllib = Math.sqrt(sseMllib / 200);
    // The truth varies by about 1.2 (SD) along a; both forests track it, ours about as closely as MLlib's.
    assertTrue(rmse < 0.6 && rmse < 1.25 * rmseMllib + 0.05, "forest RMSE " + rmse + ", MLlib " + rmseMllib);
    double[] imp = f.importance(0);
    assertEquals(1.0, imp[0] + imp[1] + imp[2], 1e-12);
    assertTrue(imp[0] > imp[1] && imp[1] > imp[2], "importances " + java.util.Arrays.toString(imp));
  }

  @Test
  void crossFittedPredictionsIgnoreTheirOwnFoldAndMatchTheDistributedSource() {
    SparkSession spark = SparkTestSession.get();
    Random rnd = new Random(2);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      double t = rnd.nextDouble() < 0.4 ? 1 : 0;
      double y = i % 7 == 0 ? Double.NaN : Math.sin(2 * a) + t * b + rnd.nextGaussian() * 0.3;
      units.add(unit(i, t, y, i % 3, a, b));
    }
    CompareSpec spec = CompareTestSupport.spec("gait.study.aipw.folds", 3, "gait.study.aipw.trees", 12, "gait.study.aipw.max-depth", 4);
    List<AnalysisUnit> local = ((UnitSource.ListSource) FlexibleLearner.crossFitForest(UnitSource.of(units), spec)).units();
    // Fold 0's own outcomes do not enter its predictions: scramble them and fold 0 predicts the same.
    List<AnalysisUnit> scrambled = new ArrayList<>();
    for (AnalysisUnit u : units) {
      AnalysisUnit c = u.copy();
      if (c.fold == 0 && !Double.isNaN(c.y)) {
        c.y = -c.y * 5 + 3;
      }
      scrambled.add(c);
    }
    List<AnalysisUnit> other = ((UnitSource.ListSource) FlexibleLearner.crossFitForest(UnitSource.of(scrambled), spec)).units();
    for (int i = 0; i < units.size(); i++) {
      if (units.get(i).fold == 0) {
        assertEquals(local.get(i).m1, other.get(i).m1, 0, "unit " + i);
        assertEquals(local.get(i).m0, other.get(i).m0, 0, "unit " + i);
      }
    }
    // Distributed over 4 partitions: the same predictions.
    UnitSource rdd = UnitSource.of(new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).parallelize(units, 4));
    List<AnalysisUnit> distributed = FlexibleLearner.crossFitForest(rdd, spec).inMemory() instanceof UnitSource.ListSource l ? l.units() : List.of();
    assertEquals(units.size(), distributed.size());
    for (int i = 0; i < units.size(); i++) {
      assertEquals(local.get(i).m1, distributed.get(i).m1, 1e-9, "unit " + i);
      assertEquals(local.get(i).m0, distributed.get(i).m0, 1e-9, "unit " + i);
    }
  }

  /**
   * Exact ties between candidate splits (a 0/1 feature and its mirror image, integer outcomes) are
   * computed from sums whose last bits depend on the order they were added in; the first candidate
   * must win on every path, so 1 and 7 partitions grow the same forests as the in-memory source.
   */
  @Test
  void tiedSplitsGoTheSameWayInMemoryAndOnEveryPartitioning() {
    SparkSession spark = SparkTestSession.get();
    Random rnd = new Random(5);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double a = rnd.nextDouble() < 0.5 ? 1 : 0;
      double band = rnd.nextInt(4);
      double t = rnd.nextDouble() < 0.5 ? 1 : 0;
      double y = Math.round(2 * a + band + t + rnd.nextGaussian() * 1.5) / 3.0;
      units.add(unit(i, t, y, i % 3, a, 1 - a, band, 3 - band));
    }
    CompareSpec spec = CompareTestSupport.spec("gait.study.aipw.folds", 3, "gait.study.aipw.trees", 10, "gait.study.aipw.max-depth", 5,
        "gait.study.aipw.repeats", 1);
    List<AnalysisUnit> local = ((UnitSource.ListSource) FlexibleLearner.crossFitForest(UnitSource.of(units), spec)).units();
    org.apache.spark.api.java.JavaSparkContext jsc = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext());
    for (int partitions : new int[] {1, 7}) {
      UnitSource rdd = UnitSource.of(jsc.parallelize(units, partitions));
      List<AnalysisUnit> distributed = ((UnitSource.ListSource) FlexibleLearner.crossFitForest(rdd, spec).inMemory()).units();
      for (int i = 0; i < units.size(); i++) {
        assertEquals(local.get(i).m1, distributed.get(i).m1, 1e-12, partitions + " partitions, unit " + i);
        assertEquals(local.get(i).m0, distributed.get(i).m0, 1e-12, partitions + " partitions, unit " + i);
      }
    }
  }

  /**
   * A forest on a subsample: a constant feature gives each tree a single leaf, whose value is the mean
   * outcome of exactly the rows {@link HistogramForest#inSubsample} keeps for that forest (share
   * rowsPerForest / rows); every tree of the forest has the same rows.
   */
  @Test
  void aSubsampledForestIsTheMeanOfItsOwnRows() {
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      units.add(unit(1000 + i, 0, i, 0, 1));
    }
    HistogramForest.Membership both = u -> new int[] {0, 1};
    HistogramForest f = HistogramForest.fit(UnitSource.of(units), 2, 1, both, FlexibleLearner::covariates, u -> u.y, 3, 2, 500, 9);
    double[][][] value = f.trees().value();
    for (int forest = 0; forest < 2; forest++) {
      double n = 0;
      double sum = 0;
      for (AnalysisUnit u : units) {
        if (HistogramForest.inSubsample(u.key, 9, forest, 0.25)) {
          n++;
          sum += u.y;
        }
      }
      // About a quarter of the rows (binomial SD about 19), and every tree's leaf is their mean.
      assertTrue(Math.abs(n - 500) < 80, "forest " + forest + " kept " + n);
      for (int tree = 0; tree < 3; tree++) {
        assertEquals(sum / n, value[forest][tree][0], 1e-9, "forest " + forest + ", tree " + tree);
      }
    }
    // The two forests draw different subsamples.
    assertTrue(value[0][0][0] != value[1][0][0], java.util.Arrays.deepToString(value));
  }

  @Test
  void subsampleSharesAreUniformAndIndependentAcrossForests() {
    int n = 200_000;
    int first = 0;
    int both = 0;
    for (long key = 0; key < n; key++) {
      boolean a = HistogramForest.inSubsample(key * 7919, 1, 2, 0.1);
      boolean b = HistogramForest.inSubsample(key * 7919, 1, 3, 0.1);
      first += a ? 1 : 0;
      both += a && b ? 1 : 0;
    }
    // 10% of the rows (SD 134) and 1% in both forests (SD 44), as independent draws give.
    assertEquals(20_000, first, 600);
    assertEquals(2_000, both, 250);
  }

  /** A forest with at most rowsPerForest rows grows the trees it grew on every row, bit for bit. */
  @Test
  void aForestBelowItsRowsPerTreeIsUnchanged() {
    Random rnd = new Random(3);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      units.add(unit(i, 0, Math.sin(a) + b * b + rnd.nextGaussian(), 0, a, b));
    }
    HistogramForest every = fitAll(UnitSource.of(units), 2, 8, 4);
    HistogramForest capped = HistogramForest.fit(UnitSource.of(units), 1, 2, u -> new int[] {0}, FlexibleLearner::covariates, u -> u.y, 8, 4, 1200, 3);
    assertEquals(java.util.Arrays.deepToString(every.trees().value()), java.util.Arrays.deepToString(capped.trees().value()));
    assertEquals(java.util.Arrays.deepToString(every.trees().threshold()), java.util.Arrays.deepToString(capped.trees().threshold()));
  }

  /** Subsampled cross-fitted forests: the same predictions in memory and on 1 or 5 partitions, and still close to the truth. */
  @Test
  void subsampledForestsLearnAndMatchOnEveryPartitioning() {
    SparkSession spark = SparkTestSession.get();
    Random rnd = new Random(4);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      double a = rnd.nextDouble() * 4 - 2;
      double b = rnd.nextGaussian();
      double t = rnd.nextDouble() < 0.5 ? 1 : 0;
      units.add(unit(i, t, a * a + t + 0.1 * rnd.nextGaussian(), i % 3, a, b));
    }
    CompareSpec spec = CompareTestSupport.spec("gait.study.aipw.folds", 3, "gait.study.aipw.trees", 20, "gait.study.aipw.max-depth", 5,
        "gait.study.aipw.repeats", 1, "gait.study.aipw.rows-per-forest", 400);
    List<AnalysisUnit> local = ((UnitSource.ListSource) FlexibleLearner.crossFitForest(UnitSource.of(units), spec)).units();
    CompareSpec every = CompareTestSupport.spec("gait.study.aipw.folds", 3, "gait.study.aipw.trees", 20, "gait.study.aipw.max-depth", 5,
        "gait.study.aipw.repeats", 1, "gait.study.aipw.rows-per-forest", 0);
    List<AnalysisUnit> all = ((UnitSource.ListSource) FlexibleLearner.crossFitForest(UnitSource.of(units), every)).units();
    // The truth a^2 has SD about 1.2; forests of 400 rows (of about 2,000 per fold and arm) track it about as closely as forests of every row.
    double rmse = predictionRmse(local);
    double rmseAll = predictionRmse(all);
    assertTrue(rmse < 0.6 && rmse < 1.25 * rmseAll, "RMSE " + rmse + ", every row " + rmseAll);
    assertTrue(local.get(0).m0 != all.get(0).m0, "the subsample changes the trees");
    org.apache.spark.api.java.JavaSparkContext jsc = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext());
    for (int partitions : new int[] {1, 5}) {
      List<AnalysisUnit> distributed = ((UnitSource.ListSource) FlexibleLearner.crossFitForest(UnitSource.of(jsc.parallelize(units, partitions)), spec)
          .inMemory()).units();
      for (int i = 0; i < units.size(); i++) {
        assertEquals(local.get(i).m1, distributed.get(i).m1, 1e-12, partitions + " partitions, unit " + i);
        assertEquals(local.get(i).m0, distributed.get(i).m0, 1e-12, partitions + " partitions, unit " + i);
      }
    }
  }

  private static double predictionRmse(List<AnalysisUnit> units) {
    double sse = 0;
    for (AnalysisUnit u : units) {
      double truth = u.x[1] * u.x[1];
      sse += (u.m0 - truth) * (u.m0 - truth) + (u.m1 - truth - 1) * (u.m1 - truth - 1);
    }
    return Math.sqrt(sse / (2 * units.size()));
  }
}
