package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.spark.Progress;

/**
 * DR-learner of the conditional effect (Kennedy 2023): the AIPW pseudo-outcome (cross-fitted) is
 * regressed on baseline effect-modifier features; a linear regression gives each feature's direction
 * (change in effect per 1 SD), a random forest (seeded, no bootstrap, on the canonical row layout of
 * {@link FlexibleLearner#canonical}, so it does not depend on partitioning) its importance (sums to 1).
 */
public final class EffectModifiers {
  private EffectModifiers() {}

  public static List<Map<String, Object>> fit(SparkSession spark, Dataset<Row> design, UnitSource crossFitted, CompareSpec spec, long rowCount) {
    List<String> features = new ArrayList<>();
    for (String f : spec.effectModifierFeatures()) {
      if (java.util.Arrays.asList(design.columns()).contains(f) && design.schema().apply(f).dataType() instanceof NumericType) {
        features.add(f);
      } else {
        Progress.warn("effect modifiers: " + f + " is not a numeric column of the analysis table; left out");
      }
    }
    if (features.isEmpty()) {
      return List.of();
    }
    StructType schema = new StructType().add(AnalysisTable.KEY, DataTypes.LongType).add("_phi", DataTypes.DoubleType);
    Dataset<Row> phiRows;
    if (crossFitted instanceof UnitSource.RddSource rdd) {
      JavaRDD<Row> pseudo = rdd.rdd().map(u -> RowFactory.create(u.key, Estimators.pseudoOutcome(u)));
      phiRows = spark.createDataFrame(pseudo, schema);
    } else {
      // In-memory analysis (small tables): the pseudo-outcomes go back to Spark for the MLlib learners.
      List<Row> pseudo = ((UnitSource.ListSource) crossFitted).units().stream().map(u -> RowFactory.create(u.key, Estimators.pseudoOutcome(u))).toList();
      phiRows = spark.createDataFrame(pseudo, schema);
    }
    Dataset<Row> phi = phiRows.filter(col("_phi").isNotNull().and(col("_phi").isNaN().unary_$bang()));
    Dataset<Row> data = new VectorAssembler().setInputCols(features.toArray(String[]::new)).setOutputCol("_em").setHandleInvalid("skip")
        .transform(design.select(java.util.stream.Stream.concat(java.util.stream.Stream.of(AnalysisTable.KEY), features.stream())
            .map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new)).join(phi, AnalysisTable.KEY));
    data = FlexibleLearner.canonical(data, rowCount).persist();
    try {
      LinearRegressionModel linear = new LinearRegression().setFeaturesCol("_em").setLabelCol("_phi").setPredictionCol("_em_lin")
          .setRegParam(0).setSolver("normal").fit(data);
      RandomForestRegressionModel forest = new RandomForestRegressor().setFeaturesCol("_em").setLabelCol("_phi").setPredictionCol("_em_rf")
          .setNumTrees(spec.trees()).setMaxDepth(spec.maxDepth()).setBootstrap(false).setFeatureSubsetStrategy("onethird")
          .setSeed(spec.seed()).fit(data);
      // driver-safe: one row of feature variances
      Row sdRow = data.agg(Summarizer.metrics("variance").summary(col("_em")).as("s")).first().getStruct(0);
      double[] var = ((Vector) sdRow.get(0)).toArray();
      double[] coef = linear.coefficients().toArray();
      double[] imp = forest.featureImportances().toArray();
      double total = 0;
      for (double v : imp) {
        total += v;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int j = 0; j < features.size(); j++) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("feature", features.get(j));
        r.put("importance", total > 0 ? imp[j] / total : 0.0);
        r.put("direction", coef[j] * Math.sqrt(var[j]));
        rows.add(r);
      }
      rows.sort(Comparator.comparingDouble((Map<String, Object> r) -> -(double) r.get("importance")).thenComparing(r -> (String) r.get("feature")));
      for (int i = 0; i < rows.size(); i++) {
        rows.get(i).put("rank", i + 1);
      }
      return rows;
    } finally {
      data.unpersist();
    }
  }
}
