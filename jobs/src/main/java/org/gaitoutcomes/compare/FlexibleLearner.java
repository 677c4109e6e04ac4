package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Cross-fitted flexible outcome predictions for AIPW: for each fold k and arm, an MLlib tree ensemble
 * with a fixed seed is trained on the other folds' observed outcomes of that arm and predicts fold k.
 * The random forest is grown without bootstrap resampling (its row sampling depends on partitioning);
 * trees differ by their seeded feature subsets.
 */
public final class FlexibleLearner {
  private FlexibleLearner() {}

  /** Models fitted at once: their Spark jobs interleave, which hides job latency on small tables. */
  private static final int PARALLEL_FITS = 4;

  /**
   * The design with columns {@code _m1f}, {@code _m0f}: out-of-fold predictions under each arm. The
   * 2 x folds models are independent (own training rows, own seed), so they are fitted concurrently;
   * the result does not depend on the order in which they finish.
   */
  public static Dataset<Row> withPredictions(Dataset<Row> design, String outcome, CompareSpec spec) {
    Dataset<Row> d = design.select(col(AnalysisTable.KEY), col(AnalysisTable.T), col(AnalysisTable.FOLD), col(PropensityModel.FEATURES),
        col(outcome).cast("double").as("_y"));
    int folds = spec.folds();
    List<Callable<Model<?>>> fits = new ArrayList<>();
    for (int arm = 1; arm >= 0; arm--) {
      for (int k = 0; k < folds; k++) {
        Dataset<Row> train = d.filter(col(AnalysisTable.FOLD).notEqual(k).and(col(AnalysisTable.T).equalTo(arm)).and(col("_y").isNotNull()));
        Predictor<?, ?, ?> learner = learner(spec, spec.seed() + 31L * k + arm);
        fits.add(() -> (Model<?>) learner.fit(train));
      }
    }
    List<Model<?>> models = fitAll(fits);
    Dataset<Row> out = design;
    for (int arm = 1, m = 0; arm >= 0; arm--) {
      Dataset<Row> preds = null;
      for (int k = 0; k < folds; k++, m++) {
        Dataset<Row> p = models.get(m).transform(d.filter(col(AnalysisTable.FOLD).equalTo(k)))
            .select(col(AnalysisTable.KEY), col("_flex_pred").as(arm == 1 ? "_m1f" : "_m0f"));
        preds = preds == null ? p : preds.unionByName(p);
      }
      out = out.join(preds, new String[] {AnalysisTable.KEY}, "left");
    }
    return out;
  }

  private static List<Model<?>> fitAll(List<Callable<Model<?>>> fits) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_FITS, fits.size()));
    try {
      List<Model<?>> models = new ArrayList<>();
      for (Future<Model<?>> f : pool.invokeAll(fits)) {
        models.add(f.get());
      }
      return models;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fitting the flexible outcome models", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
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
