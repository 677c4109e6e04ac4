package org.gaitoutcomes.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory path (analysis tables below gait.study.in-memory-max-rows) and the distributed path
 * give the same results on the same table: every estimate, SE, bootstrap SE, balance row, diagnostic,
 * subgroup, curve and effect modifier, to 1e-9 relative. Every method and estimand runs, with missing
 * outcomes (observation model), matching with replacement, a binary and a time-to-event outcome.
 */
class InMemoryEquivalenceTest {
  @TempDir
  Path memory;
  @TempDir
  Path distributed;

  /** Every method and outcome kind on ConfoundedSimulation's columns, small forests, 20 bootstrap replicates (also DeterminismTest's spec). */
  static Object[] spec(long inMemoryMaxRows) {
    return new Object[] {
        "gait.study.outcomes", List.of(Map.of("name", "y", "kind", "continuous"), Map.of("name", "yb", "kind", "auto"),
            Map.of("name", "response", "kind", "time_to_event")),
        "gait.study.primary.outcome", "y",
        "gait.study.covariates", List.of("x1", "x2", "x3", "site"),
        "gait.study.subgroups", List.of(Map.of("name", "x3", "expr", "CAST(x3 AS STRING)")),
        "gait.study.effect-modifiers", List.of("x1", "x2"),
        "gait.study.id-column", "id",
        "gait.study.aipw.folds", 2,
        "gait.study.aipw.trees", 5,
        "gait.study.aipw.max-depth", 3,
        "gait.study.bootstrap.replicates", 20,
        "gait.study.in-memory-max-rows", inMemoryMaxRows};
  }

  @Test
  void inMemoryAndDistributedPathsAgree() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> table = ConfoundedSimulation.generate(spark, 3000, 11, 3);
    CompareStage.run(spark, CompareTestSupport.spec(spec(1_000_000)), table, memory.toUri().toString());
    CompareStage.run(spark, CompareTestSupport.spec(spec(0)), table, distributed.toUri().toString());
    CompareTestSupport.assertSameResults(memory, distributed, 1e-9);
  }

  @Test
  void truncatedWeightsAgreeToo(@TempDir Path a, @TempDir Path b) {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> table = ConfoundedSimulation.generate(spark, 2000, 12, 2);
    Object[] common = {"gait.study.outcomes", List.of(Map.of("name", "y", "kind", "continuous")), "gait.study.primary.outcome", "y",
        "gait.study.primary.method", "iptw", "gait.study.methods", List.of("unadjusted", "iptw", "aipw_linear"),
        "gait.study.covariates", List.of("x1", "x2", "x3", "site"), "gait.study.subgroups", List.of(), "gait.study.id-column", "id",
        "gait.study.conditional-effects", false, "gait.study.bootstrap.replicates", 10, "gait.study.weights.truncate-percentile", 0.05};
    java.util.List<Object> memory = new java.util.ArrayList<>(List.of(common));
    memory.addAll(List.of("gait.study.in-memory-max-rows", 1_000_000));
    java.util.List<Object> distributed = new java.util.ArrayList<>(List.of(common));
    distributed.addAll(List.of("gait.study.in-memory-max-rows", 0));
    CompareStage.run(spark, CompareTestSupport.spec(memory.toArray()), table, a.toUri().toString());
    CompareStage.run(spark, CompareTestSupport.spec(distributed.toArray()), table, b.toUri().toString());
    CompareTestSupport.assertSameResults(a, b, 1e-9);
  }
}
