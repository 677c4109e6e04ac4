package org.gaitoutcomes.features;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Footprint indices from one peak-pressure picture on a canonical grid (row 0 = heel, column 0 = medial,
 * NaN outside the sensing area). A cell is in contact when its peak exceeds a contact threshold (kPa). The
 * foot runs from the rearmost to the foremost row with contact; a row belongs to the region that contains
 * its centre, as a fraction of that length from the heel.
 *
 * <p>Arch index on a grid (Cavanagh & Rodgers 1987 define it on an inked footprint with the toes removed):
 * <ol>
 *   <li>Toes: contact components (4-connected) other than the largest that lie wholly in the anterior 40%
 *       of the foot and hold under a quarter of the contact cells (the toes' prints are separated from the
 *       forefoot by the unloaded sulcus). When none is found (toes merged with the forefoot, common at
 *       insole resolution) the toes are the rows whose centre lies beyond {@code toeLineFraction} of the
 *       foot length (default 0.80: pressuRe's pedar toe mask is the distal 3 of 15 sensor rows).</li>
 *   <li>Axis: from the heel centre (centroid of toeless contact cells in the rear 20% of the foot) to the
 *       toe point (centroid of the toe cells, standing for the second toe), in mm.</li>
 *   <li>Every toeless contact cell centre is projected on the axis; the span, widened by half a cell at
 *       each end, is split into equal thirds; AI = cells in the middle third / all toeless cells.</li>
 * </ol>
 */
public final class FootprintIndices {
  /** Regional boundaries, fraction of foot length from the heel (DOMAIN.md): hindfoot, midfoot, forefoot. */
  public static final double HINDFOOT_END = 0.27;
  public static final double MIDFOOT_END = 0.55;
  public static final double TOE_ZONE_START = 0.60;
  public static final double HEEL_CENTRE_ZONE_END = 0.20;
  public static final double DEFAULT_TOE_LINE_FRACTION = 0.80;
  // Cavanagh & Rodgers 1987 categories: high <= 0.21, flat >= 0.26.
  public static final double ARCH_HIGH_MAX = 0.21;
  public static final double ARCH_FLAT_MIN = 0.26;

  public static final String[] REGIONS = {"hindfoot", "midfoot", "forefoot"};

  private FootprintIndices() {}

  /**
   * Everything one step's picture gives. Regional arrays are indexed hindfoot, midfoot, forefoot; PTI is
   * NaN when no pressure-time picture was given. Indices are NaN when undefined (no contact, no toes axis).
   */
  public record Metrics(double footLengthMm, double archIndex, double chippauxSmirak, double staheli,
      double[] regionPeakKpa, double[] regionPtiKpaS, double[] regionAreaCm2) {}

  /** A picture with its grid geometry. */
  public record Grid(float[] values, int rows, int cols, double rowMm, double colMm) {
    public float at(int r, int c) {
      return values[r * cols + c];
    }
  }

  public static Metrics compute(Grid peak, float[] pti, double contactKpa, double toeLineFraction) {
    boolean[] contact = contact(peak, contactKpa);
    int[] extent = rowExtent(contact, peak.rows(), peak.cols());
    double[] nan3 = {Double.NaN, Double.NaN, Double.NaN};
    if (extent == null) {
      return new Metrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, nan3, nan3.clone(), new double[] {0, 0, 0});
    }
    int r0 = extent[0];
    int r1 = extent[1];
    double footRows = r1 - r0 + 1;
    double[] peakByRegion = {Double.NaN, Double.NaN, Double.NaN};
    double[] ptiByRegion = {Double.NaN, Double.NaN, Double.NaN};
    double[] areaByRegion = {0, 0, 0};
    double cellCm2 = peak.rowMm() * peak.colMm() / 100.0;
    double minMidWidth = Double.POSITIVE_INFINITY;
    double maxForeWidth = 0;
    double maxHindWidth = 0;
    for (int r = r0; r <= r1; r++) {
      int region = region((r - r0 + 0.5) / footRows);
      double width = rowWidthMm(contact, peak, r);
      switch (region) {
        case 0 -> maxHindWidth = Math.max(maxHindWidth, width);
        case 1 -> minMidWidth = Math.min(minMidWidth, width);
        default -> maxForeWidth = Math.max(maxForeWidth, width);
      }
      for (int c = 0; c < peak.cols(); c++) {
        float v = peak.at(r, c);
        if (Float.isNaN(v)) {
          continue;
        }
        peakByRegion[region] = Double.isNaN(peakByRegion[region]) ? v : Math.max(peakByRegion[region], v);
        if (pti != null && !Float.isNaN(pti[r * peak.cols() + c])) {
          float p = pti[r * peak.cols() + c];
          ptiByRegion[region] = Double.isNaN(ptiByRegion[region]) ? p : Math.max(ptiByRegion[region], p);
        }
        if (contact[r * peak.cols() + c]) {
          areaByRegion[region] += cellCm2;
        }
      }
    }
    double csi = Double.isInfinite(minMidWidth) ? Double.NaN : chippauxSmirak(minMidWidth, maxForeWidth);
    double staheli = Double.isInfinite(minMidWidth) ? Double.NaN : staheli(minMidWidth, maxHindWidth);
    double ai = archIndex(peak, contact, r0, r1, toeLineFraction);
    return new Metrics(footRows * peak.rowMm(), ai, csi, staheli, peakByRegion, ptiByRegion, areaByRegion);
  }

  /** 0 hindfoot, 1 midfoot, 2 forefoot for a position given as a fraction of foot length from the heel. */
  public static int region(double fraction) {
    return fraction < HINDFOOT_END ? 0 : fraction < MIDFOOT_END ? 1 : 2;
  }

  // Chippaux-Smirak index = narrowest midfoot width / widest forefoot width x 100 (Banwell 2018).
  public static double chippauxSmirak(double minMidfootWidth, double maxForefootWidth) {
    return maxForefootWidth > 0 ? minMidfootWidth / maxForefootWidth * 100.0 : Double.NaN;
  }

  // Staheli index = narrowest midfoot width / widest heel width (Hernandez 2007).
  public static double staheli(double minMidfootWidth, double maxHeelWidth) {
    return maxHeelWidth > 0 ? minMidfootWidth / maxHeelWidth : Double.NaN;
  }

  // Arch index categories (Cavanagh & Rodgers 1987): high <= 0.21, normal, flat >= 0.26.
  public static String archCategory(double archIndex) {
    if (Double.isNaN(archIndex)) {
      return null;
    }
    return archIndex <= ARCH_HIGH_MAX ? "high" : archIndex >= ARCH_FLAT_MIN ? "flat" : "normal";
  }

  static boolean[] contact(Grid g, double contactKpa) {
    boolean[] contact = new boolean[g.values().length];
    for (int i = 0; i < contact.length; i++) {
      float v = g.values()[i];
      contact[i] = !Float.isNaN(v) && v > contactKpa;
    }
    return contact;
  }

  private static int[] rowExtent(boolean[] contact, int rows, int cols) {
    int r0 = -1;
    int r1 = -1;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (contact[r * cols + c]) {
          if (r0 < 0) {
            r0 = r;
          }
          r1 = r;
          break;
        }
      }
    }
    return r0 < 0 ? null : new int[] {r0, r1};
  }

  /** Width of the print in row r: from its most medial to its most lateral contact cell, mm (0 if none). */
  static double rowWidthMm(boolean[] contact, Grid g, int r) {
    int lo = -1;
    int hi = -1;
    for (int c = 0; c < g.cols(); c++) {
      if (contact[r * g.cols() + c]) {
        if (lo < 0) {
          lo = c;
        }
        hi = c;
      }
    }
    return lo < 0 ? 0 : (hi - lo + 1) * g.colMm();
  }

  // Arch index = middle-third area / total area of the toeless footprint (Cavanagh & Rodgers 1987).
  static double archIndex(Grid g, boolean[] contact, int r0, int r1, double toeLineFraction) {
    int rows = g.rows();
    int cols = g.cols();
    double footRows = r1 - r0 + 1;
    boolean[] toes = toeCells(contact, rows, cols, r0, r1);
    boolean anyToe = false;
    for (boolean t : toes) {
      anyToe |= t;
    }
    if (!anyToe) {
      for (int r = r0; r <= r1; r++) {
        if ((r - r0 + 0.5) / footRows > toeLineFraction) {
          for (int c = 0; c < cols; c++) {
            toes[r * cols + c] = contact[r * cols + c];
          }
        }
      }
    }
    double hx = 0;
    double hy = 0;
    double hn = 0;
    double tx = 0;
    double ty = 0;
    double tn = 0;
    for (int r = r0; r <= r1; r++) {
      for (int c = 0; c < cols; c++) {
        int i = r * cols + c;
        double x = (c + 0.5) * g.colMm();
        double y = (r + 0.5) * g.rowMm();
        if (toes[i]) {
          tx += x;
          ty += y;
          tn++;
        } else if (contact[i] && (r - r0 + 0.5) / footRows < HEEL_CENTRE_ZONE_END) {
          hx += x;
          hy += y;
          hn++;
        }
      }
    }
    if (hn == 0 || tn == 0) {
      return Double.NaN;
    }
    double ax = tx / tn - hx / hn;
    double ay = ty / tn - hy / hn;
    double norm = Math.hypot(ax, ay);
    if (norm == 0) {
      return Double.NaN;
    }
    ax /= norm;
    ay /= norm;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int n = 0;
    double[] proj = new double[rows * cols];
    for (int i = 0; i < contact.length; i++) {
      if (contact[i] && !toes[i]) {
        int r = i / cols;
        int c = i % cols;
        proj[i] = (c + 0.5) * g.colMm() * ax + (r + 0.5) * g.rowMm() * ay;
        lo = Math.min(lo, proj[i]);
        hi = Math.max(hi, proj[i]);
        n++;
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    double half = 0.5 * (Math.abs(ax) * g.colMm() + Math.abs(ay) * g.rowMm());
    lo -= half;
    hi += half;
    double third = (hi - lo) / 3.0;
    int middle = 0;
    for (int i = 0; i < contact.length; i++) {
      if (contact[i] && !toes[i] && proj[i] >= lo + third && proj[i] < lo + 2 * third) {
        middle++;
      }
    }
    return (double) middle / n;
  }

  /** Toe components: not the largest, wholly in the anterior 40% of the foot, under a quarter of the cells. */
  static boolean[] toeCells(boolean[] contact, int rows, int cols, int r0, int r1) {
    int[] label = new int[contact.length];
    Arrays.fill(label, -1);
    int components = 0;
    int total = 0;
    java.util.List<int[]> stats = new java.util.ArrayList<>(); // size, minRow
    for (int start = 0; start < contact.length; start++) {
      if (!contact[start] || label[start] >= 0) {
        continue;
      }
      int size = 0;
      int minRow = Integer.MAX_VALUE;
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(start);
      label[start] = components;
      while (!queue.isEmpty()) {
        int i = queue.poll();
        size++;
        int r = i / cols;
        int c = i % cols;
        minRow = Math.min(minRow, r);
        int[][] nbrs = {{r - 1, c}, {r + 1, c}, {r, c - 1}, {r, c + 1}};
        for (int[] nb : nbrs) {
          if (nb[0] >= 0 && nb[0] < rows && nb[1] >= 0 && nb[1] < cols) {
            int j = nb[0] * cols + nb[1];
            if (contact[j] && label[j] < 0) {
              label[j] = components;
              queue.add(j);
            }
          }
        }
      }
      stats.add(new int[] {size, minRow});
      total += size;
      components++;
    }
    int largest = 0;
    for (int k = 1; k < components; k++) {
      if (stats.get(k)[0] > stats.get(largest)[0]) {
        largest = k;
      }
    }
    double footRows = r1 - r0 + 1;
    boolean[] isToe = new boolean[components];
    for (int k = 0; k < components; k++) {
      int[] s = stats.get(k);
      isToe[k] = k != largest && (s[1] - r0) / footRows >= TOE_ZONE_START && s[0] < 0.25 * total;
    }
    boolean[] toes = new boolean[contact.length];
    for (int i = 0; i < contact.length; i++) {
      toes[i] = label[i] >= 0 && isToe[label[i]];
    }
    return toes;
  }
}
