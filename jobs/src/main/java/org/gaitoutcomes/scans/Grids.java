package org.gaitoutcomes.scans;

import java.util.ArrayList;
import java.util.List;

/** Small operations on row-major pressure grids (plain Java). */
public final class Grids {
  private Grids() {}

  /** A copy of {@code src} ({@code rows x cols}) with rows and/or columns reversed. */
  public static float[] reorient(float[] src, int rows, int cols, boolean flipRows, boolean flipCols) {
    float[] out = new float[src.length];
    for (int r = 0; r < rows; r++) {
      int rr = flipRows ? rows - 1 - r : r;
      for (int c = 0; c < cols; c++) {
        int cc = flipCols ? cols - 1 - c : c;
        out[rr * cols + cc] = src[r * cols + c];
      }
    }
    return out;
  }

  /** Every frame reoriented the same way. */
  public static List<float[]> reorient(List<float[]> frames, int rows, int cols, boolean flipRows, boolean flipCols) {
    if (!flipRows && !flipCols) {
      return frames;
    }
    List<float[]> out = new ArrayList<>(frames.size());
    for (float[] f : frames) {
      out.add(reorient(f, rows, cols, flipRows, flipCols));
    }
    return out;
  }

  /** Cell-wise maximum over frames (NaN cells stay NaN); all zeros for no frames. */
  public static float[] maxPicture(List<float[]> frames, int cells) {
    float[] peak = new float[cells];
    boolean first = true;
    for (float[] f : frames) {
      for (int i = 0; i < cells; i++) {
        peak[i] = first ? f[i] : Math.max(peak[i], f[i]);
      }
      first = false;
    }
    return peak;
  }
}
