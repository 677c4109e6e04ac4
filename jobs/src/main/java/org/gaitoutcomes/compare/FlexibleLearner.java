package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;

import java.util.List;
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
   * The design with columns {@code _m1f}, {@code _m0f}: out-of-fold predictions under each arm, and for
   * each further cross-fitting repetition r ({@code gait.study.aipw.repeats}, fold split {@link #fold})
   * {@code _m1f<r>}, {@code _m0f<r>}. The cached training layout is added to {@code cached}, for the caller to release.
   */
  public static Dataset<Row> withPredictions(Dataset<Row> design, String outcome, CompareSpec spec, long rows, List<Dataset<Row>> cached) {
    Dataset<Row> d = canonical(design.select(col(AnalysisTable.KEY), col(AnalysisTable.T), col(AnalysisTable.FOLD), col(PropensityModel.FEATURES),
        col(outcome).cast("double").as("_y")), rows).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    cached.add(d);
    Dataset<Row> out = design;
    for (int r = 0; r < spec.crossFitRepeats(); r++) {
      org.apache.spark.sql.Column fold = r == 0 ? col(AnalysisTable.FOLD)
          : org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.xxhash64(col(AnalysisTable.KEY), org.apache.spark.sql.functions.lit(spec.seed() + r)),
              org.apache.spark.sql.functions.lit(spec.folds())).cast("int");
      String suffix = r == 0 ? "" : Integer.toString(r);
      for (int arm = 1; arm >= 0; arm--) {
        Dataset<Row> preds = null;
        for (int k = 0; k < spec.folds(); k++) {
          Dataset<Row> train = d.filter(fold.notEqual(k).and(col(AnalysisTable.T).equalTo(arm)).and(col("_y").isNotNull()));
          Predictor<?, ?, ?> learner = learner(spec, spec.seed() + 31L * k + arm + 7919L * r);
          Dataset<Row> p = ((org.apache.spark.ml.Model<?>) learner.fit(train)).transform(d.filter(fold.equalTo(k)))
              .select(col(AnalysisTable.KEY), col("_flex_pred").as((arm == 1 ? "_m1f" : "_m0f") + suffix));
          preds = preds == null ? p : preds.unionByName(p);
        }
        out = out.join(preds, new String[] {AnalysisTable.KEY}, "left");
      }
    }
    return out;
  }

  /**
   * Cross-fitted random-forest predictions attached to the units, for each repetition r of the
   * cross-fitting ({@code gait.study.aipw.repeats}) on its own fold split ({@link #fold}): in
   * repetition r, forest 2k (treated) and 2k+1 (comparator) are trained on the other folds' observed
   * outcomes of that arm and predict fold k. The 2 x folds forests of a repetition grow together, one
   * pass per tree level ({@link HistogramForest}). Repetition 0 (the split of {@code u.fold}) is also
   * left in {@code m1}, {@code m0}; all repetitions in {@code m1Repeats}, {@code m0Repeats}.
   */
  public static UnitSource crossFitForest(UnitSource units, CompareSpec spec) {
    return crossFitForests(units, spec).units();
  }

  /** The units with their cross-fitted predictions, and the forests of every repetition (forest 2k treated, 2k+1 comparator, for fold k). */
  public record CrossFitted(UnitSource units, List<HistogramForest> forests) {}

  /** As {@link #crossFitForest}, keeping the fitted forests. */
  public static CrossFitted crossFitForests(UnitSource units, CompareSpec spec) {
    int folds = spec.folds();
    int repeats = spec.crossFitRepeats();
    long seed = spec.seed();
    double[] len = units.max(1, (u, a) -> a[0] = Math.max(a[0], u.x.length));
    int features = (int) len[0] - 1;
    HistogramForest.Features x = FlexibleLearner::covariates;
    HistogramForest[] fitted = new HistogramForest[repeats];
    // Every repetition trains on the same units (each observed unit trains folds - 1 of its arm's
    // forests), so one thresholds pass serves them all; it counts each repetition's forests' rows.
    int perRepetition = 2 * folds;
    HistogramForest.Membership everyRepetition = u -> {
      if (Double.isNaN(u.y)) {
        return new int[0];
      }
      int[] all = new int[repeats * (folds - 1)];
      for (int rep = 0; rep < repeats; rep++) {
        int[] m = trains(u, seed, rep, folds);
        for (int i = 0; i < m.length; i++) {
          all[rep * (folds - 1) + i] = rep * perRepetition + m[i];
        }
      }
      return all;
    };
    HistogramForest.Thresholds thresholds = HistogramForest.thresholds(units, repeats * perRepetition, features, everyRepetition, x);
    java.util.function.IntConsumer fitRepetition = rep -> fitted[rep] = HistogramForest.fit(units,
        thresholds.forests(rep * perRepetition, perRepetition), perRepetition, features, u -> trains(u, seed, rep, folds), x, u -> u.y,
        spec.trees(), spec.maxDepth(), spec.rowsPerForest(), seed + 7919L * rep);
    // A repetition's forests depend on its index alone, so in memory the repetitions grow on all cores at
    // once with the same result as one after the other (the sample's compare spent half its time here on
    // one core). Distributed, they stay in sequence: each level is already a Spark job on every core, and
    // jobs started from pool threads would lose the step label their count in run.json is kept under.
    java.util.stream.IntStream range = java.util.stream.IntStream.range(0, repeats);
    (units instanceof UnitSource.ListSource ? range.parallel() : range).forEach(fitRepetition);
    return new CrossFitted(units.map(u -> {
      double[] row = covariates(u);
      u.m1Repeats = new double[repeats];
      u.m0Repeats = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        int k = fold(u, seed, r, folds);
        u.m1Repeats[r] = fitted[r].predict(2 * k, row);
        u.m0Repeats[r] = fitted[r].predict(2 * k + 1, row);
      }
      u.m1 = u.m1Repeats[0];
      u.m0 = u.m0Repeats[0];
      return u;
    }), List.of(fitted));
  }

  /**
   * The forests of repetition r a unit trains: 2k + arm (arm 0 treated, 1 comparator) for every fold k
   * but its own; none without an observed outcome.
   */
  static int[] trains(AnalysisUnit u, long seed, int repetition, int folds) {
    if (Double.isNaN(u.y)) {
      return new int[0];
    }
    int arm = u.t > 0 ? 0 : 1;
    int own = fold(u, seed, repetition, folds);
    int[] m = new int[folds - 1];
    int i = 0;
    for (int k = 0; k < folds; k++) {
      if (k != own) {
        m[i++] = 2 * k + arm;
      }
    }
    return m;
  }

  /**
   * A unit's fold in cross-fitting repetition r: pmod(xxhash64(key, seed + r), folds), Spark's hash
   * (so repetition 0 is the {@link AnalysisTable#FOLD} column). Depends on the key alone, not on partitioning.
   */
  static int fold(AnalysisUnit u, long seed, int repetition, int folds) {
    if (repetition == 0) {
      return u.fold;
    }
    long h = org.apache.spark.sql.catalyst.expressions.XXH64.hashLong(seed + repetition,
        org.apache.spark.sql.catalyst.expressions.XXH64.hashLong(u.key, 42));
    return (int) Math.floorMod(h, (long) folds);
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
