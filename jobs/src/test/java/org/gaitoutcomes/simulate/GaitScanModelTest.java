package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gaitoutcomes.config.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated pressure pictures recover the latent traits they were drawn from. */
class GaitScanModelTest {
  static final int N = 3000;
  static SimulationParams params;
  static SimulatedPatient[] patients;
  static GaitScanModel.Foot[][] feet;

  @BeforeAll
  static void simulate() {
    params = SimulationParams.from(Settings.defaults());
    patients = new SimulatedPatient[N];
    feet = new GaitScanModel.Foot[N][];
    for (int i = 0; i < N; i++) {
      patients[i] = PatientGenerator.generate(params, 11L, i);
      feet[i] = GaitScanModel.generate(params, 11L, patients[i]);
    }
  }

  /**
   * Arch index of one peak picture (Cavanagh and Rodgers 1987): toes removed at the last empty row
   * below the toes, the toeless footprint (cells > 0) split into equal thirds of its length by cell
   * centre, AI = middle-third area / total area. An independent test-side implementation.
   */
  static double archIndex(float[] peak, int rows, int cols) {
    boolean[] rowHasContact = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        rowHasContact[r] |= peak[r * cols + c] > 0;
      }
    }
    int first = 0;
    while (!rowHasContact[first]) {
      first++;
    }
    int sulcus = first;
    while (rowHasContact[sulcus]) {
      sulcus++;
    }
    double length = sulcus - first;
    int[] third = new int[3];
    for (int r = first; r < sulcus; r++) {
      int t = (int) Math.min(2, Math.floor((r + 0.5 - first) / length * 3));
      for (int c = 0; c < cols; c++) {
        if (peak[r * cols + c] > 0) {
          third[t]++;
        }
      }
    }
    return third[1] / (double) (third[0] + third[1] + third[2]);
  }

  static double meanArchIndex(GaitScanModel.Foot foot) {
    double sum = 0;
    for (GaitScanModel.Step s : foot.steps) {
      sum += archIndex(s.peakKpa, foot.rows, foot.cols);
    }
    return sum / foot.steps.length;
  }

  @Test
  void archIndexIsNormalForAverageFeetAndRisesWithNavicularDrop() {
    double[] ai = new double[2 * N];
    double[] drop = new double[2 * N];
    int flat = 0;
    double normalSum = 0;
    int normalN = 0;
    for (int i = 0; i < N; i++) {
      for (int side = 0; side < 2; side++) {
        ai[2 * i + side] = meanArchIndex(feet[i][side]);
        drop[2 * i + side] = patients[i].navicularDropMm(side);
        if (ai[2 * i + side] >= 0.26) {
          flat++;
        }
        if (Math.abs(drop[2 * i + side] - 7) < 1) {
          normalSum += ai[2 * i + side];
          normalN++;
        }
      }
    }
    // Cavanagh & Rodgers 1987: normal 0.21-0.26; a 7 mm drop sits in the middle of that range
    double normalAi = normalSum / normalN;
    assertTrue(normalAi > 0.215 && normalAi < 0.255, "AI at a 7 mm drop " + normalAi);
    double flatShare = flat / (2.0 * N);
    assertTrue(flatShare > 0.12 && flatShare < 0.30, "flat share (AI >= 0.26) " + flatShare);
    assertTrue(PatientGeneratorTest.correlation(ai, drop) > 0.6, "AI follows the navicular drop");
  }

  @Test
  void copIsShiftedMediallyWithPronationAndStanceIsAsymmetricWithLld() {
    double[] copX = new double[N];
    double[] trait = new double[N];
    double[] si = new double[N];
    double[] lld = new double[N];
    for (int i = 0; i < N; i++) {
      GaitScanModel.Foot left = feet[i][0];
      double sum = 0;
      int n = 0;
      for (GaitScanModel.Step s : left.steps) {
        for (float x : s.copXmm) {
          sum += x;
          n++;
        }
      }
      copX[i] = sum / n - left.ballWidthMm / 2;
      trait[i] = patients[i].pronation[0];
      double stanceL = 0;
      double stanceR = 0;
      for (int k = 0; k < params.stepsPerSide; k++) {
        stanceL += feet[i][0].steps[k].endS - feet[i][0].steps[k].startS;
        stanceR += feet[i][1].steps[k].endS - feet[i][1].steps[k].startS;
      }
      // Robinson symmetry index, (X_R - X_L) / (0.5 (X_R + X_L)) x 100 (DOMAIN.md)
      si[i] = (stanceR - stanceL) / (0.5 * (stanceR + stanceL)) * 100;
      lld[i] = patients[i].lldAnatomicMm;
    }
    assertTrue(PatientGeneratorTest.correlation(copX, trait) < -0.3, "CoP moves medially (smaller x) with pronation");
    // left longer (positive LLD) -> longer left stance -> negative SI; 0.002/mm x 2 x 100 = -0.4 SI per mm
    assertTrue(PatientGeneratorTest.correlation(si, lld) < -0.7, "stance asymmetry follows LLD");
    double slope = covariance(si, lld) / covariance(lld, lld);
    assertEquals(-0.4, slope, 0.05);
  }

  @Test
  void picturesHaveNaNOutsideTheFootAndPlausiblePressures() {
    GaitScanModel.Foot foot = feet[0][0];
    float[] peak = foot.steps[0].peakKpa;
    assertEquals(params.gridRows * params.gridCols, peak.length);
    int nan = 0;
    float max = 0;
    for (float v : peak) {
      if (Float.isNaN(v)) {
        nan++;
      } else {
        max = Math.max(max, v);
        assertEquals(0.0, v % params.pressureQuantumKpa, 1e-6, "quantised");
      }
    }
    assertTrue(nan > 0.2 * peak.length && nan < 0.7 * peak.length, "NaN cells " + nan);
    assertTrue(max > 120 && max < 600, "peak " + max);
    // heel row 0 column 0 (medial corner) is outside the rounded heel
    assertTrue(Float.isNaN(peak[0]));
    // the recorded force peaks near 1.15 body weight
    float fmax = 0;
    for (float f : foot.steps[0].forceN) {
      fmax = Math.max(fmax, f);
    }
    assertEquals(1.15, fmax / foot.bodyWeightN, 0.15);
  }

  static double covariance(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - ma) * (b[i] - mb);
    }
    return s / (a.length - 1);
  }
}
