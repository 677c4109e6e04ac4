package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cross-fitted flexible outcome predictions for AIPW: for each fold k and arm, a tree ensemble with a
 * fixed seed is trained on the other folds' observed outcomes of that arm and predicts fold k. The
 * random forest (default) is {@link HistogramForest}: every forest of every fold and arm grows in one
 * pass per tree level, in memory or distributed alike. Gradient-boosted trees use MLlib's GBTRegressor
 * (one Spark job per iteration and level; slower).
 * For MLlib learners, which sample rows per partition when they choose split candidates (above
 * 10,000 rows), the training rows are first laid out by {@link #canonical}: a fixed number of partitions decided
 * by the row count alone, rows hashed to partitions by key and sorted by key. The fitted trees then
 * depend on the data, not on how the input happened to be partitioned or on the master.
 */
public final class FlexibleLearner {
  private FlexibleLearner() {}

  /**
   * The design with columns {@code _m1f}, {@code _m0f}: out-of-fold predictions under each arm. The
   * cached training layout is added to {@code cached}, for the caller to release.
   */
  public static Dataset<Row> withPredictions(Dataset<Row> design, String outcome, CompareSpec spec, long rows, java.util.List<Dataset<Row>> cached) {
    Dataset<Row> d = canonical(design.select(col(AnalysisTable.KEY), col(AnalysisTable.T), col(AnalysisTable.FOLD), col(PropensityModel.FEATURES),
        col(outcome).cast("double").as("_y")), rows).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    cached.add(d);
    Dataset<Row> out = design;
    for (int arm = 1; arm >= 0; arm--) {
      Dataset<Row> preds = null;
      for (int k = 0; k < spec.folds(); k++) {
        Dataset<Row> train = d.filter(col(AnalysisTable.FOLD).notEqual(k).and(col(AnalysisTable.T).equalTo(arm)).and(col("_y").isNotNull()));
        Predictor<?, ?, ?> learner = learner(spec, spec.seed() + 31L * k + arm);
        Dataset<Row> p = ((org.apache.spark.ml.Model<?>) learner.fit(train)).transform(d.filter(col(AnalysisTable.FOLD).equalTo(k)))
            .select(col(AnalysisTable.KEY), col("_flex_pred").as(arm == 1 ? "_m1f" : "_m0f"));
        preds = preds == null ? p : preds.unionByName(p);
      }
      out = out.join(preds, new String[] {AnalysisTable.KEY}, "left");
    }
    return out;
  }

  /**
   * Cross-fitted random-forest predictions attached to the units ({@code m1}, {@code m0}): forest
   * 2k (treated) and 2k+1 (comparator) are trained on the other folds' observed outcomes of that arm
   * and predict fold k. All 2 x folds forests grow together, one pass per tree level ({@link HistogramForest}).
   */
  public static UnitSource crossFitForest(UnitSource units, CompareSpec spec) {
    int folds = spec.folds();
    double[] len = units.max(1, (u, a) -> a[0] = Math.max(a[0], u.x.length));
    int features = (int) len[0] - 1;
    HistogramForest.Membership member = u -> {
      if (Double.isNaN(u.y)) {
        return new int[0];
      }
      int arm = u.t > 0 ? 0 : 1;
      int[] m = new int[folds - 1];
      int i = 0;
      for (int k = 0; k < folds; k++) {
        if (k != u.fold) {
          m[i++] = 2 * k + arm;
        }
      }
      return m;
    };
    HistogramForest.Features x = FlexibleLearner::covariates;
    HistogramForest forest = HistogramForest.fit(units, 2 * folds, features, member, x, u -> u.y, spec.trees(), spec.maxDepth(), spec.seed());
    return units.map(u -> {
      double[] row = covariates(u);
      u.m1 = forest.predict(2 * u.fold, row);
      u.m0 = forest.predict(2 * u.fold + 1, row);
      return u;
    });
  }

  /** The covariate terms of a unit's design row (without the intercept). */
  static double[] covariates(AnalysisUnit u) {
    return java.util.Arrays.copyOfRange(u.x, 1, u.x.length);
  }

  /** Rows per partition of the canonical training layout. */
  static final long ROWS_PER_PARTITION = 100_000;

  /**
   * The rows in a layout that depends only on their content: ceil(rows / 100,000) partitions, rows
   * assigned by a hash of the key and sorted by key within each partition.
   */
  static Dataset<Row> canonical(Dataset<Row> rows, long count) {
    int partitions = (int) Math.max(1, (count + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION);
    return rows.repartition(partitions, col(AnalysisTable.KEY)).sortWithinPartitions(AnalysisTable.KEY);
  }

  static Predictor<?, ?, ?> learner(CompareSpec spec, long seed) {
    if (spec.flexibleLearner().equals("gbt")) {
      return new GBTRegressor().setFeaturesCol(PropensityModel.FEATURES).setLabelCol("_y").setPredictionCol("_flex_pred")
          .setMaxIter(spec.trees()).setMaxDepth(spec.maxDepth()).setStepSize(0.1).setSeed(seed);
    }
    return new RandomForestRegressor().setFeaturesCol(PropensityModel.FEATURES).setLabelCol("_y").setPredictionCol("_flex_pred")
        .setNumTrees(spec.trees()).setMaxDepth(spec.maxDepth()).setBootstrap(false).setFeatureSubsetStrategy("onethird").setSeed(seed);
  }
}
