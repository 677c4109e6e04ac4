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
}
