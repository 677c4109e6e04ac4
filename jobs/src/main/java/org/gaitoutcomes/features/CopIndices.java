package org.gaitoutcomes.features;

/**
 * Centre-of-pressure excursion index (CPEI; Song 1996, Hillstrom 2013) from one step on a canonical grid
 * (x medial to lateral, y heel to toe, mm from the grid's medial and posterior edges).
 *
 * <p>Construction line: from the first to the last CoP point of the step. At the distal third of the foot,
 * taken here as the level two thirds of the foot length from the rearmost contact row, the excursion
 * (CPEE) is the mediolateral distance from that line to the CoP path where the path first reaches that
 * level, positive when the path is lateral of the line; CPEI = CPEE / foot width at that level x 100.
 * Lower = more pronated; no universal cut-off.
 */
public final class CopIndices {
  public static final double CPEI_LEVEL = 2.0 / 3.0;

  private CopIndices() {}

  /**
   * CPEI (%) of one step, NaN when the path never reaches the level, the line is flat in y, or the print
   * has no width there.
   */
  public static double cpei(float[] copX, float[] copY, FootprintIndices.Grid peak, double contactKpa) {
    if (copX.length < 2) {
      return Double.NaN;
    }
    boolean[] contact = FootprintIndices.contact(peak, contactKpa);
    int r0 = -1;
    int r1 = -1;
    for (int r = 0; r < peak.rows(); r++) {
      if (FootprintIndices.rowWidthMm(contact, peak, r) > 0) {
        if (r0 < 0) {
          r0 = r;
        }
        r1 = r;
      }
    }
    if (r0 < 0) {
      return Double.NaN;
    }
    double level = (r0 + CPEI_LEVEL * (r1 - r0 + 1)) * peak.rowMm();
    int levelRow = Math.min(peak.rows() - 1, (int) Math.floor(level / peak.rowMm()));
    double width = FootprintIndices.rowWidthMm(contact, peak, levelRow);
    double pathX = crossingX(copX, copY, level);
    int n = copX.length - 1;
    double x0 = copX[0];
    double y0 = copY[0];
    double x1 = copX[n];
    double y1 = copY[n];
    if (Double.isNaN(pathX) || y1 == y0 || !(width > 0)) {
      return Double.NaN;
    }
    double lineX = x0 + (x1 - x0) * (level - y0) / (y1 - y0);
    return cpei(pathX - lineX, width);
  }

  // CPEI = CPEE / foot width x 100 (Song 1996).
  public static double cpei(double excursionMm, double footWidthMm) {
    return footWidthMm > 0 ? excursionMm / footWidthMm * 100.0 : Double.NaN;
  }

  /** x where the path first reaches y = level going forward (linear between samples); NaN if never. */
  static double crossingX(float[] x, float[] y, double level) {
    for (int i = 0; i + 1 < x.length; i++) {
      double ya = y[i];
      double yb = y[i + 1];
      if (ya == level) {
        return x[i];
      }
      if (ya < level && yb >= level) {
        return x[i] + (x[i + 1] - x[i]) * (level - ya) / (yb - ya);
      }
    }
    return Double.NaN;
  }
}
