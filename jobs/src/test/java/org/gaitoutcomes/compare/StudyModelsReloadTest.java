package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study reloaded from results/model reproduces its estimates without refitting anything: the saved
 * propensity pipeline encodes the table, the saved coefficients give the propensities (truncated at the
 * saved bounds), the saved observation model the missing-outcome weights, the saved per-arm outcome
 * models the g-computation and aipw_linear predictions, and the saved forests the aipw_flexible ones.
 * The point estimates recomputed from them equal those compare wrote, to 1e-9.
 */
class StudyModelsReloadTest {
  @TempDir
  Path out;

  @Test
  void reloadedModelsReproduceEveryEstimate() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> table = ConfoundedSimulation.generate(spark, 1500, 21, 2);
    CompareSpec spec = CompareTestSupport.spec("gait.study.outcomes", List.of(Map.of("name", "y", "kind", "continuous")),
        "gait.study.primary.outcome", "y", "gait.study.covariates", List.of("x1", "x2", "x3", "site"), "gait.study.subgroups", List.of(),
        "gait.study.effect-modifiers", List.of("x1", "x2"), "gait.study.id-column", "id", "gait.study.aipw.folds", 2, "gait.study.aipw.trees", 5,
        "gait.study.aipw.max-depth", 3, "gait.study.aipw.repeats", 3, "gait.study.bootstrap.replicates", 0,
        "gait.study.weights.truncate-percentile", 0.02);
    CompareStage.run(spark, spec, table, out.toUri().toString());
    String model = out.resolve(CompareStage.MODEL_FOLDER).toUri().toString();
    StudyModels models = StudyModels.read(new Configuration(), model);

    assertEquals(StudyModels.sha256(spec.toString()), models.provenance().specSha256());
    assertEquals(spec.seed(), models.provenance().seed());
    assertNotNull(models.propensity().truncation(), "truncation bounds are saved");
    StudyModels.OutcomeModels y = models.outcomes().get(0);
    assertEquals("y", y.outcome());
    assertNotNull(y.observation(), "y has missing values, so its observation model is saved");
    assertEquals(0.0, y.observationRidge());
    assertEquals(3, y.forests().size(), "one set of forests per cross-fitting repetition");
    assertFalse(y.regression().logit());
    assertEquals(List.of("x1", "x2"), models.effectModifiers().features());

    // The analysis table as compare prepares it (key, treatment, fold), encoded by the saved pipeline only.
    PipelineModel pipeline = PipelineModel.load(model + "/" + models.propensity().pipeline());
    AnalysisTable.Prepared prepared = AnalysisTable.prepare(table, spec, List.of("treated", "x1", "x2", "x3", "site", "y"));
    // driver-safe: a 1,500-row test table
    List<Row> rows = pipeline.transform(prepared.rows()).select(AnalysisTable.KEY, AnalysisTable.T, PropensityModel.FEATURES, AnalysisTable.FOLD, "y")
        .collectAsList();
    assertEquals(models.propensity().terms().size() + 1, models.propensity().coefficients().length);
    List<AnalysisUnit> units = new ArrayList<>();
    for (Row r : rows) {
      AnalysisUnit u = new AnalysisUnit(r.getLong(0), r.getDouble(1), PropensityModel.design((Vector) r.get(2)), r.isNullAt(4) ? Double.NaN : r.getDouble(4));
      u.fold = r.getInt(3);
      u.e = Estimators.propensity(models.propensity().coefficients(), u.x);
      u.ew = models.propensity().truncation().clamp(u.e, u.t);
      u.omega = Double.isNaN(u.y) ? 0 : 1 / Estimators.propensity(y.observation(), Estimators.Observation.row(u));
      units.add(u);
    }

    List<Map<String, Object>> estimates = CompareTestSupport.read(out, "estimates");
    for (Estimand e : List.of(Estimand.ATE, Estimand.ATT, Estimand.ATO)) {
      // IPTW: Hajek means of the observed outcomes, weights = estimand weight of the truncated propensity x 1/P(observed).
      double[] iptw = new double[4];
      // g-computation: the saved arm models' predictions averaged over the target population.
      double[] gcomp = new double[3];
      for (AnalysisUnit u : units) {
        double target = Estimators.targetWeight(u, e);
        gcomp[0] += target * y.regression().predict(u, true);
        gcomp[1] += target * y.regression().predict(u, false);
        gcomp[2] += target;
        if (u.observed()) {
          double w = u.omega * e.weight(u.ew, u.t);
          int arm = u.t > 0 ? 0 : 2;
          iptw[arm] += w * u.y;
          iptw[arm + 1] += w;
        }
      }
      assertEquals(iptw[0] / iptw[1] - iptw[2] / iptw[3], estimate(estimates, e, "iptw"), 1e-9, "iptw " + e);
      assertEquals((gcomp[0] - gcomp[1]) / gcomp[2], estimate(estimates, e, "g_computation"), 1e-9, "g_computation " + e);
    }

    Estimators.Bootstrap none = new Estimators.Bootstrap(0, 0);
    UnitSource linear = y.regression().apply(UnitSource.of(units));
    List<HistogramForest> forests = y.forests().stream().map(HistogramForest::of).toList();
    for (Estimand e : List.of(Estimand.ATE, Estimand.ATT)) {
      ArmMeans a = Estimators.aipw(linear, e, none, false);
      assertEquals(a.mu1() - a.mu0(), estimate(estimates, e, "aipw_linear"), 1e-9, "aipw_linear " + e);
      // aipw_flexible: the median over the repetitions of the AIPW with that repetition's forests and fold split.
      List<ArmMeans> reps = new ArrayList<>();
      for (int r = 0; r < forests.size(); r++) {
        HistogramForest f = forests.get(r);
        int rep = r;
        reps.add(Estimators.aipw(UnitSource.of(units).map(u -> {
          int k = FlexibleLearner.fold(u, spec.seed(), rep, spec.folds());
          double[] x = FlexibleLearner.covariates(u);
          u.m1 = f.predict(2 * k, x);
          u.m0 = f.predict(2 * k + 1, x);
          return u;
        }), e, none, true));
      }
      ArmMeans median = Estimators.medianOfRepetitions(reps).means();
      assertEquals(median.mu1() - median.mu0(), estimate(estimates, e, "aipw_flexible"), 1e-9, "aipw_flexible " + e);
    }

    // The effect-modifier forest predicts as fitted: its importances are those of the results.
    HistogramForest modifiers = HistogramForest.of(models.effectModifiers().forest());
    double[] importance = modifiers.importance(0);
    List<Map<String, Object>> ranked = CompareTestSupport.read(out, "effect_modifiers");
    for (int j = 0; j < 2; j++) {
      String feature = models.effectModifiers().features().get(j);
      assertEquals(importance[j], CompareTestSupport.num(CompareTestSupport.row(ranked, "feature", feature), "importance"), 1e-12, feature);
    }
    assertTrue(models.provenance().inputs().isEmpty(), "a table given as a Dataset has no input files to record");
    assertNull(models.outcomes().stream().filter(o -> !o.outcome().equals("y")).findAny().orElse(null));
  }

  private static double estimate(List<Map<String, Object>> estimates, Estimand e, String method) {
    return CompareTestSupport.num(CompareTestSupport.row(estimates, "outcome", "y", "estimand", e.name(), "method", method, "scale", "mean_difference"), "estimate");
  }
}
