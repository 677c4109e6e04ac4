package org.gaitoutcomes.compare;

import static org.gaitoutcomes.compare.CompareTestSupport.num;
import static org.gaitoutcomes.compare.CompareTestSupport.read;
import static org.gaitoutcomes.compare.CompareTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every method recovers a known ATE, ATT and ATO on a confounded simulation with a heterogeneous
 * effect (ATE != ATT) and outcomes missing at random: estimates within a stated tolerance and 95%
 * intervals covering the truth, while the unadjusted difference is clearly biased.
 */
class KnownTruthTest {
  static final long N = 20_000;
  static final long SEED = 11;
  @TempDir
  static Path out;
  static List<Map<String, Object>> estimates;
  static List<Map<String, Object>> diagnostics;
  static List<Map<String, Object>> modifiers;
  static List<Map<String, Object>> subgroups;
  static double[] truth;

  static CompareSpec spec() {
    return CompareTestSupport.spec(
        "gait.study.outcomes", List.of(Map.of("name", "y", "kind", "continuous")),
        "gait.study.primary.outcome", "y",
        "gait.study.primary.method", "aipw_linear",
        "gait.study.covariates", List.of("x1", "x2", "x3", "site"),
        "gait.study.subgroups", List.of(Map.of("name", "x3", "expr", "CASE WHEN x3 = 1 THEN 'x3_yes' ELSE 'x3_no' END")),
        "gait.study.effect-modifiers", List.of("x1", "x2", "x3"),
        "gait.study.negative-controls", List.of("x2_copy"),
        "gait.study.id-column", "id",
        "gait.study.aipw.folds", 2,
        "gait.study.aipw.trees", 10,
        "gait.study.aipw.max-depth", 4,
        "gait.study.bootstrap.replicates", 50);
  }

  @BeforeAll
  static void run() {
    SparkSession spark = SparkTestSession.get();
    truth = ConfoundedSimulation.truth();
    // x2_copy: a baseline measure outside the models that the treatment cannot affect (negative control).
    Dataset<Row> data = ConfoundedSimulation.generate(spark, N, SEED, 4).withColumn("x2_copy", org.apache.spark.sql.functions.col("x2"));
    CompareStage.run(spark, spec(), data, out.toUri().toString());
    estimates = read(out, "estimates");
    diagnostics = read(out, "diagnostics");
    modifiers = read(out, "effect_modifiers");
    subgroups = read(out, "subgroups");
  }

  void assertRecovers(String method, Estimand e, double tolerance) {
    double t = truth[e.ordinal()];
    Map<String, Object> r = row(estimates, "outcome", "y", "method", method, "estimand", e.name(), "scale", "mean_difference");
    double est = num(r, "estimate");
    assertEquals(t, est, tolerance, method + " " + e + " estimate vs truth " + t);
    assertTrue(num(r, "ci_low") <= t && t <= num(r, "ci_high"), method + " " + e + " CI " + num(r, "ci_low") + ".." + num(r, "ci_high") + " misses " + t);
    double se = num(r, "std_error");
    double boot = num(r, "bootstrap_se");
    assertTrue(boot > 0.6 * se && boot < 1.6 * se, method + " " + e + " bootstrap SE " + boot + " vs analytic " + se);
  }

  @Test
  void truthIsHeterogeneous() {
    assertEquals(1.0, truth[0], 0);
    assertTrue(truth[1] > 1.3, "ATT " + truth[1]);
  }

  @Test
  void everyMethodRecoversTheTruth() {
    for (Estimand e : Estimand.values()) {
      assertRecovers("iptw", e, 0.08);
      assertRecovers("g_computation", e, 0.05);
    }
    for (Estimand e : new Estimand[] {Estimand.ATE, Estimand.ATT}) {
      assertRecovers("aipw_linear", e, 0.05);
      assertRecovers("aipw_flexible", e, 0.08);
    }
    assertRecovers("matching", Estimand.ATT, 0.1);
  }

  @Test
  void unadjustedIsConfounded() {
    double crude = num(row(estimates, "outcome", "y", "method", "unadjusted", "estimand", "crude", "scale", "mean_difference"), "estimate");
    assertTrue(Math.abs(crude - truth[0]) > 0.5, "crude " + crude);
    Map<String, Object> r = row(estimates, "outcome", "y", "method", "unadjusted", "estimand", "crude", "scale", "mean_difference");
    assertFalse(num(r, "ci_low") <= truth[0] && truth[0] <= num(r, "ci_high"));
  }

  @Test
  void weightingBalancesCovariates() {
    assertFalse((Boolean) row(diagnostics, "check", "max_abs_smd", "adjustment", "unadjusted").get("pass"));
    for (String adj : List.of("iptw_ATE", "iptw_ATT", "overlap_ATO", "matching_ATT")) {
      assertTrue(num(row(diagnostics, "check", "max_abs_smd", "adjustment", adj), "value") < 0.05, adj);
    }
    // Overlap weights balance the propensity covariates' means exactly (Li, Morgan & Zaslavsky 2018).
    assertTrue(num(row(diagnostics, "check", "max_abs_smd", "adjustment", "overlap_ATO"), "value") < 1e-6);
    assertTrue((Boolean) row(diagnostics, "check", "equipoise", "adjustment", "design").get("pass"));
  }

  @Test
  void sensitivityChecksPass() {
    assertTrue((Boolean) row(diagnostics, "check", "negative_control").get("pass"));
    assertTrue((Boolean) row(diagnostics, "check", "placebo_treatment").get("pass"));
    assertTrue(num(row(diagnostics, "check", "e_value"), "value") > 1.5);
    // Missingness depends on T and x1 only, so complete-case AIPW (outcome model given T, X) is consistent too.
    assertEquals(truth[0], num(row(estimates, "outcome", "y", "method", "aipw_linear_complete_case", "estimand", "ATE", "scale", "mean_difference"), "estimate"), 0.06);
    assertTrue(num(row(diagnostics, "check", "missing_outcome", "adjustment", "y"), "value") > 0.05);
  }

  @Test
  void effectModifierIsFound() {
    Map<String, Object> top = row(modifiers, "rank", 1);
    assertEquals("x1", top.get("feature"));
    // The effect grows by 1 per unit (= 1 SD) of x1.
    assertEquals(1.0, num(top, "direction"), 0.15);
  }

  @Test
  void subgroupsShareTheEffect() {
    Map<String, Object> yes = row(subgroups, "level", "x3_yes");
    Map<String, Object> no = row(subgroups, "level", "x3_no");
    assertEquals(truth[0], num(yes, "estimate"), 0.12);
    assertEquals(truth[0], num(no, "estimate"), 0.12);
    assertTrue(num(yes, "interaction_p_value") > 0.01);
  }
}
