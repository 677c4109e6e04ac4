package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same data in 1 or 8 partitions gives the same results (estimates, bootstrap SEs, balance, diagnostics). */
class DeterminismTest {
  @TempDir
  Path one;
  @TempDir
  Path eight;

  @Test
  void resultsDoNotDependOnPartitioning() {
    SparkSession spark = SparkTestSession.get();
    CompareSpec spec = CompareTestSupport.spec(InMemoryEquivalenceTest.spec(200_000));
    CompareStage.run(spark, spec, ConfoundedSimulation.generate(spark, 4000, 3, 1), one.toUri().toString());
    CompareStage.run(spark, spec, ConfoundedSimulation.generate(spark, 4000, 3, 8), eight.toUri().toString());
    List<Map<String, Object>> estimates = CompareTestSupport.read(one, "estimates");
    // Every outcome kind went through the stage: binary detected, time to event on its scales.
    assertEquals("binary", CompareTestSupport.row(estimates, "outcome", "yb", "method", "iptw", "estimand", "ATE", "scale", "risk_ratio").get("outcome_kind"));
    double survivalDiff = CompareTestSupport.num(CompareTestSupport.row(estimates, "outcome", "response_d84", "method", "iptw", "estimand", "ATE",
        "scale", "survival_difference"), "estimate");
    // Treated respond faster (rate ratio exp(0.5)): fewer still without response at day 84.
    assertTrue(survivalDiff < -0.05, "survival difference " + survivalDiff);
    assertTrue(CompareTestSupport.read(one, "curves").stream().anyMatch(r -> "km_response".equals(r.get("figure"))));
    CompareTestSupport.assertSameResults(one, eight, 1e-8);
  }
}
