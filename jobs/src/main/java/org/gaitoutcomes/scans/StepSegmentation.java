package org.gaitoutcomes.scans;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames into steps (plain Java). A foot is in contact while the summed vertical force, sum over cells of
 * pressure x cell area, exceeds a threshold (30 N is common; DOMAIN.md "Gait from pressure data"), or,
 * when a minimum loaded-cell count is given, while at least that many cells read above 0 kPa; a contact
 * shorter than a minimum duration is noise and dropped. Per step: start and end (s from the
 * recording start; frame k is at k / rate), the peak-pressure picture, the centre-of-pressure path (the
 * pressure-weighted centroid of cell centres, mm from the grid's medial and posterior edges), the force
 * curve, and each cell's pressure-time integral. For in-shoe insoles a contact already under way at the
 * first frame or still under way at the last is incomplete and dropped; a platform recording (emed) starts
 * at first contact, so edge contacts are kept there.
 */
public final class StepSegmentation {
  /** kPa x mm^2 in newtons. */
  public static final double NEWTONS_PER_KPA_MM2 = 1e-3;

  private StepSegmentation() {}

  /** One stance phase. Arrays are per frame of stance except the two pictures, which are per cell. */
  public record Step(double startS, double endS, float[] peakKpa, float[] copXMm, float[] copYMm, float[] forceN,
      float[] ptiKpaS) {
    public double stanceS() {
      return endS - startS;
    }
  }

  /** Summed force (N) of one frame; NaN cells are outside the sensing area and ignored. */
  public static double force(float[] frame, double cellAreaMm2) {
    double sum = 0;
    for (float v : frame) {
      if (v > 0) {
        sum += v;
      }
    }
    return sum * cellAreaMm2 * NEWTONS_PER_KPA_MM2;
  }

  /** Cells reading above 0 kPa. */
  public static int loadedCells(float[] frame) {
    int n = 0;
    for (float v : frame) {
      n += v > 0 ? 1 : 0;
    }
    return n;
  }

  /** The steps of {@code scan}, contact by force. */
  public static List<Step> segment(ParsedScan scan, double thresholdN, double minContactS, boolean keepEdgeContacts) {
    return segment(scan.frames(), scan.rows(), scan.cols(), scan.rowSpacingMm(), scan.colSpacingMm(), scan.samplingHz(),
        thresholdN, 0, minContactS, keepEdgeContacts);
  }

  /**
   * The steps of a frame sequence. Contact: force above {@code thresholdN} when {@code minLoadedCells} is 0,
   * else at least {@code minLoadedCells} cells above 0 kPa.
   */
  public static List<Step> segment(List<float[]> frames, int rows, int cols, double rowMm, double colMm, double hz,
      double thresholdN, int minLoadedCells, double minContactS, boolean keepEdgeContacts) {
    double area = rowMm * colMm;
    int n = frames.size();
    double[] force = new double[n];
    boolean[] inContact = new boolean[n];
    for (int k = 0; k < n; k++) {
      if (frames.get(k).length != rows * cols) {
        throw new IllegalArgumentException("frame " + (k + 1) + " has " + frames.get(k).length + " values for a "
            + rows + " x " + cols + " grid (cell_rows x cell_cols)");
      }
      force[k] = force(frames.get(k), area);
      inContact[k] = minLoadedCells > 0 ? loadedCells(frames.get(k)) >= minLoadedCells : force[k] > thresholdN;
    }
    List<Step> steps = new ArrayList<>();
    int k = 0;
    while (k < n) {
      if (!inContact[k]) {
        k++;
        continue;
      }
      int start = k;
      while (k < n && inContact[k]) {
        k++;
      }
      int end = k; // exclusive
      boolean edge = start == 0 || end == n;
      if ((end - start) / hz >= minContactS && (keepEdgeContacts || !edge)) {
        steps.add(step(frames, start, end, rows, cols, rowMm, colMm, hz, force));
      }
    }
    return steps;
  }

  private static Step step(List<float[]> frames, int start, int end, int rows, int cols, double rowMm, double colMm,
      double hz, double[] force) {
    int cells = rows * cols;
    int len = end - start;
    float[] peak = Grids.maxPicture(frames.subList(start, end), cells);
    float[] pti = new float[cells];
    float[] copX = new float[len];
    float[] copY = new float[len];
    float[] forceN = new float[len];
    double dt = 1.0 / hz;
    for (int k = start; k < end; k++) {
      float[] f = frames.get(k);
      double sum = 0;
      double xs = 0;
      double ys = 0;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          float v = f[r * cols + c];
          if (Float.isNaN(v)) {
            pti[r * cols + c] = Float.NaN;
            continue;
          }
          pti[r * cols + c] += (float) (v * dt);
          if (v > 0) {
            sum += v;
            xs += v * (c + 0.5) * colMm;
            ys += v * (r + 0.5) * rowMm;
          }
        }
      }
      copX[k - start] = (float) (xs / sum);
      copY[k - start] = (float) (ys / sum);
      forceN[k - start] = (float) force[k];
    }
    return new Step(start / hz, end / hz, peak, copX, copY, forceN, pti);
  }
}
