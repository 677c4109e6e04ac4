package org.gaitoutcomes.scans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSegmentationTest {
  /** 2 x 2 grid of 10 mm cells (100 mm^2): force = sum(kPa) x 100 mm^2 x 1e-3 N = 0.1 N per kPa. */
  static List<float[]> frames(int n, int[][] loaded) {
    List<float[]> f = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      f.add(new float[4]);
    }
    for (int[] l : loaded) { // {from, to (exclusive), cell, kPa}
      for (int k = l[0]; k < l[1]; k++) {
        f.get(k)[l[2]] = l[3];
      }
    }
    return f;
  }

  @Test
  void contactsAboveThresholdAndLongEnoughBecomeSteps() {
    // Frames 3-7: 400 kPa in one cell = 40 N but only 0.05 s (< 0.1 s minimum): dropped.
    // Frames 10-29: 200 kPa in cells (0,0) and (1,1) = 40 N for 0.2 s: one step 0.10-0.30 s.
    List<float[]> f = frames(32, new int[][] {{3, 8, 0, 400}, {10, 30, 0, 200}, {10, 30, 3, 200}});
    List<StepSegmentation.Step> steps = StepSegmentation.segment(f, 2, 2, 10, 10, 100, 30, 0, 0.1, false);
    assertEquals(1, steps.size());
    StepSegmentation.Step s = steps.get(0);
    assertEquals(0.10, s.startS(), 1e-12);
    assertEquals(0.30, s.endS(), 1e-12);
    assertEquals(20, s.forceN().length);
    assertEquals(40.0, s.forceN()[0], 1e-4);
    // CoP: equal pressure at cell centres (5,5) and (15,15) mm -> (10,10).
    assertEquals(10.0, s.copXMm()[5], 1e-5);
    assertEquals(10.0, s.copYMm()[5], 1e-5);
    assertArrayEquals(new float[] {200, 0, 0, 200}, s.peakKpa());
    // Pressure-time integral: 200 kPa x 0.01 s x 20 frames = 40 kPa s.
    assertEquals(40.0, s.ptiKpaS()[0], 1e-4);
  }

  @Test
  void thresholdIsOnForceNotOnPressure() {
    // 290 kPa in one cell = 29 N: below 30 N, no contact.
    List<float[]> f = frames(40, new int[][] {{5, 35, 0, 290}});
    assertEquals(0, StepSegmentation.segment(f, 2, 2, 10, 10, 100, 30, 0, 0.1, false).size());
  }

  @Test
  void loadedCellCountCanDefineContactInstead() {
    // Cell 0 at 400 kPa (40 N) in frames 5-34, cell 1 also loaded in frames 5-19. By force, contact is
    // frames 5-34 (0.30 s); with at least two loaded cells required, frames 5-19 (0.15 s).
    List<float[]> f = frames(40, new int[][] {{5, 35, 0, 400}, {5, 20, 1, 290}});
    List<StepSegmentation.Step> steps = StepSegmentation.segment(f, 2, 2, 10, 10, 100, 30, 2, 0.1, false);
    assertEquals(1, steps.size());
    assertEquals(0.05, steps.get(0).startS(), 1e-12);
    assertEquals(0.20, steps.get(0).endS(), 1e-12);
    assertEquals(0.30, StepSegmentation.segment(f, 2, 2, 10, 10, 100, 30, 0, 0.1, false).get(0).stanceS(), 1e-12);
  }

  @Test
  void edgeContactsOnlyForPlatforms() {
    List<float[]> f = frames(30, new int[][] {{0, 20, 0, 400}});
    assertEquals(0, StepSegmentation.segment(f, 2, 2, 10, 10, 100, 30, 0, 0.1, false).size());
    assertEquals(1, StepSegmentation.segment(f, 2, 2, 10, 10, 100, 30, 0, 0.1, true).size());
  }

  @Test
  void timingCadenceAndSymmetry() {
    List<double[]> steps = List.of(new double[] {0, 0.6}, new double[] {1.1, 1.7}, new double[] {2.2, 2.8});
    assertEquals(0.6, GaitTiming.meanStanceS(steps), 1e-12);
    assertEquals(1.1, GaitTiming.meanStrideS(steps), 1e-12);
    // Cadence = 120 / 1.1 s = 109.09 steps/min.
    assertEquals(109.0909, GaitTiming.cadenceSpm(1.1), 1e-4);
    // Robinson SI: (0.62 - 0.60) / (0.5 x 1.22) x 100 = 3.2787 %.
    assertEquals(3.2787, GaitTiming.symmetryIndex(0.62, 0.60), 1e-4);
    assertEquals(Double.NaN, GaitTiming.meanStrideS(List.of(new double[] {0, 1})));
  }
}
