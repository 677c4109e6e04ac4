package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.compare.Estimators.Bootstrap;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Point estimates and standard errors against statsmodels and an independent stacked M-estimation
 * (numerical Jacobian) on a small committed data set. The numbers are the printed output of
 * {@code src/test/resources/reference/compare_reference.py} (kept in compare_reference.out beside it):
 * {@code cd jobs/src/test/resources/reference && /usr/bin/python3 compare_reference.py}.
 */
class CompareReferenceTest {
  static final Bootstrap NO_BOOT = new Bootstrap(0, 0);
  static PropensityModel.Fit fit;
  static UnitSource units;
  static UnitSource binary;

  @BeforeAll
  static void fitPropensity() throws IOException {
    SparkSession spark = SparkTestSession.get();
    String uri = CompareReferenceTest.class.getResource("/reference/compare_reference.csv").toString();
    Dataset<Row> table = AnalysisTable.read(spark, uri).withColumn(AnalysisTable.T, org.apache.spark.sql.functions.col("t").cast("double"));
    CompareSpec spec = CompareTestSupport.spec(Map.of("gait.study.treatment", "t", "gait.study.covariates", List.of("x1", "x2", "x3")));
    fit = PropensityModel.fit(table, AnalysisTable.T, spec.covariates(), List.of(), spec);
    List<AnalysisUnit> list = new ArrayList<>();
    List<AnalysisUnit> listBinary = new ArrayList<>();
    try (InputStream in = CompareReferenceTest.class.getResourceAsStream("/reference/compare_reference.csv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split(",");
        double[] x = {1, Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])};
        AnalysisUnit u = new AnalysisUnit(i, Double.parseDouble(f[1]), x, Double.parseDouble(f[5]));
        u.fold = Integer.parseInt(f[7].trim());
        u.e = Estimators.propensity(fit.beta(), x);
        u.ew = u.e;
        list.add(u);
        AnalysisUnit b = u.copy();
        b.y = Double.parseDouble(f[6]);
        listBinary.add(b);
      }
    }
    units = UnitSource.of(list);
    binary = UnitSource.of(listBinary);
  }

  static double diff(ArmMeans m) {
    return m.mu1() - m.mu0();
  }

  static double se(ArmMeans m) {
    return Math.sqrt(m.var1() + m.var0() - 2 * m.cov10());
  }

  @Test
  void logisticCoefficientsAndStandardErrorsMatchGlm() {
    double[] coef = {-0.13270158124557926, 0.8465798623439534, -0.3716967446195036, 0.6620360442288737};
    double[] se = {0.1275052486527115, 0.11563239098134608, 0.09895697439238597, 0.20106266954361696};
    for (int j = 0; j < 4; j++) {
      assertEquals(coef[j], fit.beta()[j], 1e-6, "coefficient " + j);
      assertEquals(se[j], fit.standardErrors()[j], 1e-6, "SE " + j);
    }
  }

  @Test
  void iptwMatchesStackedMEstimation() {
    double[][] expected = {{1.668630670373455, 0.20049988040727626}, {2.053513422459628, 0.18104246904291688}, {1.8577026168886777, 0.11366685915603227}};
    Estimand[] estimands = {Estimand.ATE, Estimand.ATT, Estimand.ATO};
    for (int i = 0; i < 3; i++) {
      ArmMeans m = Estimators.weighted(units, estimands[i], fit.propensity(), null, NO_BOOT);
      assertEquals(expected[i][0], diff(m), 1e-5, "IPTW " + estimands[i]);
      assertEquals(expected[i][1], se(m), 1e-5, "IPTW SE " + estimands[i]);
    }
  }

  @Test
  void binaryIptwRiskDifferenceAndRatio() {
    List<EffectScales.Effect> e = EffectScales.effects(Estimators.weighted(binary, Estimand.ATE, fit.propensity(), null, NO_BOOT), "binary");
    assertEquals(0.15767371186829154, e.get(0).estimate(), 1e-6);
    assertEquals(0.04929653527460813, e.get(0).stdError(), 1e-6);
    assertEquals(1.4081567285383132, e.get(1).estimate(), 1e-5);
    assertEquals(1.4081567285383132 * 0.10905670512911846, e.get(1).stdError(), 1e-5);
    assertEquals(1 / 0.15767371186829154, e.get(2).estimate(), 1e-3);
  }

  @Test
  void fixedWeightsMatchWeightedLeastSquaresHc0() {
    UnitSource weighted = units.map(u -> {
      u.fixedWeight = Estimand.ATT.weight(u.e, u.t);
      return u;
    });
    ArmMeans m = Estimators.weighted(weighted, null, null, null, NO_BOOT);
    assertEquals(2.053513422459628, diff(m), 1e-5);
    assertEquals(0.28975618244446266, se(m), 1e-5);
  }

  @Test
  void gComputationMatchesOlsWithStackedSandwich() {
    ArmMeans ate = Estimators.gComputation(units, Estimand.ATE, NO_BOOT);
    assertEquals(1.8911723209632478, diff(ate), 1e-9);
    assertEquals(0.11201024149201422, se(ate), 1e-6);
    ArmMeans att = Estimators.gComputation(units, Estimand.ATT, NO_BOOT);
    assertEquals(2.171660908682611, diff(att), 1e-9);
    assertEquals(0.12802011944821196, se(att), 1e-6);
  }

  @Test
  void crossFittedAipwMatches() {
    UnitSource fitted = Estimators.crossFitLinear(units, 5);
    ArmMeans ate = Estimators.aipw(fitted, Estimand.ATE, NO_BOOT);
    assertEquals(1.8921805606511062, diff(ate), 1e-5);
    assertEquals(0.11221976415692143, se(ate), 1e-6);
    ArmMeans att = Estimators.aipw(fitted, Estimand.ATT, NO_BOOT);
    assertEquals(2.165478021689934, diff(att), 1e-5);
    assertEquals(0.12444488325099051, se(att), 1e-6);
  }

  @Test
  void truncationAndTrimmingReweightOnlyTheAffectedPatients() {
    Estimators.Truncation trunc = new Estimators.Truncation(0.2, 0.8, 0.3, 0.7);
    UnitSource truncated = units.map(u -> {
      u.ew = trunc.clamp(u.e, u.t);
      return u;
    });
    UnitSource trimmed = units.map(u -> {
      u.subset = u.e < 0.1 || u.e > 0.9 ? 0 : 1;
      return u;
    });
    // Hajek means computed directly from the clamped weights / the retained patients.
    double[] t = truncated.sum(4, (u, a) -> {
      double w = Estimand.ATE.weight(u.ew, u.t);
      a[u.t > 0 ? 0 : 2] += w;
      a[u.t > 0 ? 1 : 3] += w * u.y;
    });
    double[] r = trimmed.sum(4, (u, a) -> {
      double w = u.subset * Estimand.ATE.weight(u.e, u.t);
      a[u.t > 0 ? 0 : 2] += w;
      a[u.t > 0 ? 1 : 3] += w * u.y;
    });
    ArmMeans clamped = Estimators.weighted(truncated, Estimand.ATE, fit.propensity(), trunc, NO_BOOT);
    assertEquals(t[1] / t[0] - t[3] / t[2], diff(clamped), 1e-12);
    // At bounds that bind (126 of 500 patients clamped), against the stacked sandwich with a numerical
    // Jacobian of compare_reference.py, section 8 (a clamped weight does not move with the coefficients).
    assertEquals(126, truncated.sum(1, (u, a) -> a[0] += u.clamped() ? 1 : 0)[0]);
    assertEquals(2.0822568016099368, diff(clamped), 1e-9);
    assertEquals(0.15062230262071102, se(clamped), 1e-8);
    assertEquals(r[1] / r[0] - r[3] / r[2], diff(Estimators.weighted(trimmed, Estimand.ATE, fit.propensity(), null, NO_BOOT)), 1e-12);
    // Bounds that bind nowhere change nothing, standard error included.
    Estimators.Truncation loose = new Estimators.Truncation(0, 1, 0, 1);
    ArmMeans plain = Estimators.weighted(units, Estimand.ATE, fit.propensity(), null, NO_BOOT);
    ArmMeans same = Estimators.weighted(units, Estimand.ATE, fit.propensity(), loose, NO_BOOT);
    assertEquals(se(plain), se(same), 1e-15);
  }

  @Test
  void bootstrapSeIsCloseToTheSandwich() {
    ArmMeans m = Estimators.weighted(units, Estimand.ATE, fit.propensity(), null, new Bootstrap(400, 7));
    double boot = EffectScales.bootstrapSe(m, 0);
    assertEquals(0.20049988040727626, boot, 0.2 * 0.2005, "bootstrap SE " + boot);
  }

  @Test
  void unadjustedWelch() {
    ArmMeans m = Estimators.unadjusted(units, NO_BOOT);
    assertEquals(2.7447822762820513, diff(m), 1e-9);
    assertEquals(0.2218127437541064, se(m), 1e-9);
  }
}
