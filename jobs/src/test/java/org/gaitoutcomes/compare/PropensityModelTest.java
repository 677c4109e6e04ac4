package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** Separation detection, categorical encoding, the penalized option and partition-independence of the propensity model. */
class PropensityModelTest {
  static Dataset<Row> table() {
    SparkSession spark = SparkTestSession.get();
    String uri = PropensityModelTest.class.getResource("/reference/compare_reference.csv").toString();
    return AnalysisTable.read(spark, uri).withColumn(AnalysisTable.T, col("t").cast("double"));
  }

  @Test
  void covariateSeenInOneArmOnlyIsExcludedAndNamed() {
    // only_treated = 1 for some treated patients and never for comparators: quasi-separation.
    Dataset<Row> data = table().withColumn("only_treated", when(col("t").equalTo(1).and(col("x1").gt(1)), 1.0).otherwise(0.0))
        .withColumn("site", when(col("x2").gt(0), "north").otherwise("south"));
    CompareSpec spec = CompareTestSupport.spec("gait.study.treatment", "t", "gait.study.covariates", List.of("x1", "x2", "only_treated", "site"));
    PropensityModel.Fit fit = PropensityModel.fit(data, AnalysisTable.T, spec.covariates(), List.of("site"), spec);
    assertEquals(List.of("only_treated"), List.copyOf(fit.excluded().keySet()));
    assertTrue(fit.excluded().get("only_treated").contains("one arm only"), fit.excluded().toString());
    // Alphabetical levels, the last (south) is the reference.
    assertEquals(List.of("x1", "x2", "site=north"), fit.featureNames());
    assertEquals(4, fit.beta().length);
  }

  @Test
  void penalizedFitShrinksTowardsZero() {
    CompareSpec plain = CompareTestSupport.spec("gait.study.treatment", "t", "gait.study.covariates", List.of("x1", "x2", "x3"));
    CompareSpec ridge = CompareTestSupport.spec("gait.study.treatment", "t", "gait.study.covariates", List.of("x1", "x2", "x3"),
        "gait.study.propensity.penalized", true, "gait.study.propensity.reg-grid", List.of(0.05, 0.5), "gait.study.propensity.cv-folds", 2);
    PropensityModel.Fit mle = PropensityModel.fit(table(), AnalysisTable.T, plain.covariates(), List.of(), plain);
    PropensityModel.Fit pen = PropensityModel.fit(table(), AnalysisTable.T, ridge.covariates(), List.of(), ridge);
    assertNotNull(pen.regParam());
    assertTrue(List.of(0.05, 0.5).contains(pen.regParam()));
    assertTrue(Math.abs(pen.beta()[1]) < Math.abs(mle.beta()[1]), "ridge " + pen.beta()[1] + " vs MLE " + mle.beta()[1]);
  }

  @Test
  void inMemoryFitDoesNotDependOnHowTheTableIsPartitioned() {
    CompareSpec plain = CompareTestSupport.spec("gait.study.treatment", "t", "gait.study.covariates", List.of("x1", "x2", "x3"));
    // Keys as the prepared analysis table has them (a hash per row); the fit holds the units in key order.
    Dataset<Row> keyed = table().withColumn(AnalysisTable.KEY, xxhash64(col("x1"), col("x2"), col("x3")));
    PropensityModel.Fit one = PropensityModel.fit(keyed.coalesce(1), AnalysisTable.T, plain.covariates(), List.of(), plain, true);
    PropensityModel.Fit five = PropensityModel.fit(keyed.repartition(5, col("x2")), AnalysisTable.T, plain.covariates(), List.of(), plain, true);
    assertArrayEquals(one.beta(), five.beta());
  }
}
