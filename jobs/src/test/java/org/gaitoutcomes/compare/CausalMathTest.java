package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the plain formulas (no Spark). */
class CausalMathTest {
  @Test
  void logisticLink() {
    assertEquals(0.5, CausalMath.expit(0), 0);
    assertEquals(-Math.log(3), CausalMath.logit(0.25), 1e-15);
    assertEquals(1 / (1 + Math.exp(-800)), CausalMath.expit(800), 0);
    assertEquals(0.0, CausalMath.expit(-800), 1e-300);
  }

  @Test
  void effectiveSampleSizeOfWeights() {
    // weights 1, 1, 2: (4)^2 / (1 + 1 + 4)
    assertEquals(16.0 / 6, CausalMath.effectiveSampleSize(4, 6), 1e-15);
  }

  @Test
  void standardizedMeanDifferenceUsesPooledUnadjustedSd() {
    // (1 - 0) / sqrt((1 + 3) / 2)
    assertEquals(1 / Math.sqrt(2), CausalMath.standardizedMeanDifference(1, 0, 1, 3), 1e-15);
    assertEquals(0, CausalMath.standardizedMeanDifference(2, 2, 0, 0), 0);
  }

  @Test
  void weightedVarianceFromSums() {
    // x = 0, 2 with weights 1, 3: mean 1.5, var (1*2.25 + 3*0.25) / 4 = 0.75
    assertEquals(0.75, CausalMath.weightedVariance(4, 6, 12), 1e-15);
  }

  @Test
  void eValues() {
    // VanderWeele & Ding 2017: E = RR + sqrt(RR (RR - 1)); RR 2 -> 3.414; protective RR inverted.
    assertEquals(2 + Math.sqrt(2), CausalMath.eValue(2), 1e-12);
    assertEquals(2 + Math.sqrt(2), CausalMath.eValue(0.5), 1e-12);
    assertEquals(1, CausalMath.eValueOfInterval(0.8, 1.2), 0);
    assertEquals(CausalMath.eValue(1.5), CausalMath.eValueOfInterval(1.5, 3), 0);
    assertEquals(CausalMath.eValue(0.7), CausalMath.eValueOfInterval(0.3, 0.7), 0);
    assertEquals(Math.exp(0.91), CausalMath.riskRatioFromStandardizedDifference(1), 1e-15);
  }

  @Test
  void poissonInverseCdf() {
    // CDF of Poisson(1): 0.3679, 0.7358, 0.9197, 0.9810
    assertEquals(0, CausalMath.poissonOne(0.2));
    assertEquals(1, CausalMath.poissonOne(0.5));
    assertEquals(2, CausalMath.poissonOne(0.8));
    assertEquals(3, CausalMath.poissonOne(0.95));
    // The first step is at exactly e^-1 (0.36787944117144233): below it 0, at it 1. The CDF summed term by
    // term rounds to 1.0 at k = 18, so no u in [0, 1) gives more than 18.
    assertEquals(0, CausalMath.poissonOne(Math.nextDown(Math.exp(-1))));
    assertEquals(1, CausalMath.poissonOne(Math.exp(-1)));
    assertEquals(18, CausalMath.poissonOne(Math.nextDown(1.0)));
  }

  /** The per-seed weights (row-independent hash parts computed once) are the weights poissonWeight draws, for every row, replicate and seed. */
  @Test
  void poissonWeightsOfOneSeedEqualPoissonWeight() {
    for (long seed : new long[] {0, 42, -7, 20241202}) {
      CausalMath.PoissonWeights weights = CausalMath.poissonWeights(seed, 50);
      for (int r = 0; r < 50; r++) {
        for (long key = -500; key < 500; key++) {
          long k = key * 0x9E3779B97F4A7C15L;
          assertEquals(CausalMath.poissonWeight(k, r, seed), weights.of(k, r), "seed " + seed + ", replicate " + r + ", key " + k);
        }
      }
    }
  }

  @Test
  void poissonWeightsHaveMeanAndVarianceOneAndAreDeterministic() {
    double sum = 0;
    double sum2 = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      int w = CausalMath.poissonWeight(i * 7919L, 3, 42);
      sum += w;
      sum2 += w * w;
    }
    double mean = sum / n;
    assertEquals(1, mean, 0.01);
    assertEquals(1, sum2 / n - mean * mean, 0.02);
    assertEquals(CausalMath.poissonWeight(123, 4, 5), CausalMath.poissonWeight(123, 4, 5));
  }

  @Test
  void linearSolveAndInverse() {
    double[][] a = {{2, 1}, {1, 3}};
    assertArrayEquals(new double[] {0.8, 1.4}, CausalMath.solve(a, new double[] {3, 5}), 1e-12);
    double[][] inv = CausalMath.inverse(a);
    assertEquals(0.6, inv[0][0], 1e-12);
    assertEquals(-0.2, inv[0][1], 1e-12);
  }

  @Test
  void pValues() {
    assertEquals(0.05, CausalMath.twoSidedP(1.959963984540054, 1), 1e-9);
    assertEquals(0.05, CausalMath.chiSquareP(3.841458820694124, 1), 1e-9);
    assertTrue(Double.isNaN(CausalMath.twoSidedP(1, 0)));
  }

  @Test
  void estimandWeightsAndTheirSlopes() {
    assertEquals(4, Estimand.ATE.weight(0.25, 1), 1e-15);
    assertEquals(4.0 / 3, Estimand.ATE.weight(0.25, 0), 1e-15);
    assertEquals(1, Estimand.ATT.weight(0.25, 1), 0);
    assertEquals(1.0 / 3, Estimand.ATT.weight(0.25, 0), 1e-15);
    assertEquals(0.75, Estimand.ATO.weight(0.25, 1), 0);
    assertEquals(0.25, Estimand.ATO.weight(0.25, 0), 0);
    // d w(expit(eta)) / d eta, checked numerically.
    for (Estimand e : Estimand.values()) {
      for (double t : new double[] {0, 1}) {
        double eta = 0.4;
        double h = 1e-6;
        double numeric = (e.weight(CausalMath.expit(eta + h), t) - e.weight(CausalMath.expit(eta - h), t)) / (2 * h);
        assertEquals(numeric, e.weightSlope(CausalMath.expit(eta), t), 1e-8, e + " t=" + t);
      }
    }
  }

  @Test
  void kaplanMeierByHand() {
    // 4 at risk; day 1: 1 event; day 2: 1 censored; day 3: 1 event of 2 at risk; day 4: 1 censored.
    double[] s = KaplanMeier.survival(new double[] {0, 1, 0, 1, 0}, new double[] {0, 1, 1, 1, 1}, 4);
    assertArrayEquals(new double[] {1, 0.75, 0.75, 0.375, 0.375}, s, 1e-15);
    assertEquals(3, KaplanMeier.median(s), 0);
    assertTrue(Double.isNaN(KaplanMeier.median(new double[] {1, 0.9})));
  }

  @Test
  void riskScalesFromArmMeans() {
    // mu1 0.3, mu0 0.2, independent arms with variances 0.0004 and 0.0001.
    ArmMeans m = new ArmMeans(0.3, 0.2, 0.0004, 0.0001, 0, 100, 100, 100, 100, new double[0], new double[0], "sandwich", null);
    List<EffectScales.Effect> e = EffectScales.effects(m, "binary");
    assertEquals(0.1, e.get(0).estimate(), 1e-15);
    assertEquals(Math.sqrt(0.0005), e.get(0).stdError(), 1e-15);
    assertEquals(1.5, e.get(1).estimate(), 1e-15);
    // Delta method: var log RR = 0.0004 / 0.09 + 0.0001 / 0.04
    double seLog = Math.sqrt(0.0004 / 0.09 + 0.0001 / 0.04);
    assertEquals(1.5 * Math.exp(1.959963984540054 * seLog), e.get(1).ciHigh(), 1e-9);
    assertEquals(10, e.get(2).estimate(), 1e-12);
    assertEquals(1 / e.get(0).ciHigh(), e.get(2).ciLow(), 1e-12);
  }

  @Test
  void pooledSdWeightsByDegreesOfFreedom() {
    // Hand computed: n1 = 11, s1^2 = 4; n0 = 31, s0^2 = 9: (10 * 4 + 30 * 9) / 40 = 7.75 (VanderWeele & Ding 2017 use the pooled SD).
    org.junit.jupiter.api.Assertions.assertEquals(Math.sqrt(7.75), CausalMath.pooledSd(11, 4, 31, 9), 1e-15);
  }
}
