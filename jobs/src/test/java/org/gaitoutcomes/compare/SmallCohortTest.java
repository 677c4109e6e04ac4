package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 40-patient study with every method: nuisance models that do not converge fall back and say so
 * in the diagnostics, and the stage still writes its results (issue 16, item 6).
 */
class SmallCohortTest {
  @TempDir
  Path out;

  @Test
  void fortyPatientsStillGetResults() {
    SparkSession spark = SparkTestSession.get();
    CompareSpec spec = CompareTestSupport.spec(InMemoryEquivalenceTest.spec(200_000));
    CompareStage.run(spark, spec, ConfoundedSimulation.generate(spark, 40, 5, 1), out.toUri().toString());
    List<Map<String, Object>> estimates = CompareTestSupport.read(out, "estimates");
    assertFalse(estimates.isEmpty());
    assertTrue(estimates.stream().anyMatch(r -> "iptw".equals(r.get("method"))), "iptw estimates");
  }

  @Test
  void anObservationModelThatSeparatesFallsBackToARidgeFit() {
    SparkSession spark = SparkTestSession.get();
    // Outcomes are missing only at site A (for x1 > 0): sites B and C are always observed, so the
    // maximum-likelihood observation model diverges (before: "logistic model of _r did not converge").
    org.apache.spark.sql.Column missing = org.apache.spark.sql.functions.col("site").equalTo("A").and(org.apache.spark.sql.functions.col("x1").gt(0));
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = ConfoundedSimulation.generate(spark, 60, 9, 1)
        .withColumn("y", org.apache.spark.sql.functions.when(missing, null).otherwise(org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.col("y"), org.apache.spark.sql.functions.col("x1"))))
        .withColumn("yb", org.apache.spark.sql.functions.when(missing, null).otherwise(org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.col("yb"), org.apache.spark.sql.functions.lit(1))));
    CompareSpec spec = CompareTestSupport.spec(InMemoryEquivalenceTest.spec(200_000));
    CompareStage.run(spark, spec, table, out.toUri().toString());
    Map<String, Object> d = CompareTestSupport.row(CompareTestSupport.read(out, "diagnostics"), "check", "nuisance_model_fallback", "adjustment", "observation_model:y");
    org.junit.jupiter.api.Assertions.assertEquals(false, d.get("pass"));
    org.junit.jupiter.api.Assertions.assertEquals(CompareStage.Analysis.OBSERVATION_RIDGE, CompareTestSupport.num(d, "value"));
    Map<String, Object> iptw = CompareTestSupport.row(CompareTestSupport.read(out, "estimates"), "outcome", "y", "method", "iptw", "estimand", "ATE", "scale", "mean_difference");
    assertTrue(Double.isFinite(CompareTestSupport.num(iptw, "estimate")) && CompareTestSupport.num(iptw, "std_error") > 0, "iptw " + iptw);
  }

  @Test
  void aStudyWithNoPossiblePropensityModelStillWritesItsReason() {
    SparkSession spark = SparkTestSession.get();
    // Treatment is x1 > 0 exactly: the only covariate separates the arms, so no adjusted method can run.
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table = ConfoundedSimulation.generate(spark, 40, 5, 1)
        .withColumn("treated", org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col("x1").gt(0), 1).otherwise(0));
    CompareSpec spec = CompareTestSupport.spec("gait.study.outcomes", List.of(Map.of("name", "y", "kind", "continuous")),
        "gait.study.primary.outcome", "y", "gait.study.covariates", List.of("x1"), "gait.study.subgroups", List.of(), "gait.study.id-column", "id");
    CompareStage.CompareSummary summary = CompareStage.run(spark, spec, table, out.toUri().toString());
    Map<String, Object> d = CompareTestSupport.row(CompareTestSupport.read(out, "diagnostics"), "check", "no_adjusted_methods");
    org.junit.jupiter.api.Assertions.assertEquals(false, d.get("pass"));
    assertTrue(String.valueOf(d.get("meaning")).contains("separates the arms"), String.valueOf(d.get("meaning")));
    assertTrue(CompareTestSupport.read(out, "estimates").isEmpty());
    assertTrue(summary.warnings().stream().anyMatch(w -> w.contains("x1")), summary.warnings().toString());
  }
}
