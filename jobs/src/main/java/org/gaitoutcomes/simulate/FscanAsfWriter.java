package org.gaitoutcomes.simulate;

import java.util.Locale;

/**
 * Writes a Tekscan F-Scan ASCII movie export ({@code .asf}, one foot per file) in exactly the layout
 * of the real example {@code ../shared/fixtures/pressure/fscan_testL.asf}, with no identifying
 * content (no folder paths, no recording time, no device serial):
 * <pre>
 * DATA_TYPE MOVIE / VERSION / HARDWARE / MAP_VERSION / HW_TYPE / FILENAME SIM_&lt;scan id&gt;&lt;L|R&gt;.fsx / SENSOR_TYPE FSCAN
 * ROWS 60 / COLS 21 / ROW_SPACING 5.08 mm / COL_SPACING 5.08 mm / SENSEL_AREA 25.8064 mm2 / NOISE_THRESHOLD 3
 * SECONDS_PER_FRAME %s / MICRO_SECOND 0 / TIME (empty: no recording date) / SATURATION_PRESSURE 1514.73 KPa 
 * CALIBRATION_POINT_1 ... / CALIBRATION_MODE_1 Walk / CALIBRATION_INFO SIM_&lt;scan id&gt;&lt;L|R&gt;.fsx / SENSITIVITY Custom
 * COMMENTS: / synthetic walk / START_FRAME 1 / END_FRAME n / UNITS KPa / MIRROR_ROW 0 / MIRROR_COL 0 / ASCII_DATA @@
 * (empty line)
 * Frame k            (k = 1..n)
 * 60 lines of 21 comma-separated cells: whole kPa, or B outside the insole
 * (empty line between frames; after the last frame the line @@)
 * </pre>
 * Each "/" above is a line break; lines end with LF. Orientation as in the real left-foot file: row 0
 * is the toe end, the last row the heel; viewed from above, so on a LEFT foot column 0 is lateral and
 * the medial border is at the high columns, and on a RIGHT foot column 0 is medial. The insole is the
 * foot outline widened by one sensel (5 mm); a sensel reads the canonical grid cell containing its
 * centre.
 */
public final class FscanAsfWriter {
  public static final int ROWS = 60;
  public static final int COLS = 21;
  public static final double SPACING_MM = 5.08;

  private FscanAsfWriter() {}

  /** Canonical (x, y) in mm of F-Scan sensel (row, col) of a foot on {@code side}. */
  public static double[] senselCentre(int side, int row, int col) {
    double y = (ROWS - 1 - row + 0.5) * SPACING_MM;
    double x = side == SimulatedPatient.LEFT ? (COLS - 1 - col + 0.5) * SPACING_MM : (col + 0.5) * SPACING_MM;
    return new double[] {x, y};
  }

  static boolean inInsole(GaitScanModel.Foot foot, double x, double y) {
    double m = 5.0;
    return foot.inOutline(x, y) || foot.inOutline(x - m, y) || foot.inOutline(x + m, y)
        || foot.inOutline(x, y - m) || foot.inOutline(x, y + m);
  }

  /** The export of one foot, frames every {@code secondsPerFrame}. */
  public static String write(GaitScanModel.Foot foot, double secondsPerFrame, String scanId) {
    int frames = (int) Math.ceil(foot.recordingEndS() / secondsPerFrame);
    String side = foot.side == SimulatedPatient.LEFT ? "L" : "R";
    int[] cell = new int[ROWS * COLS];
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLS; c++) {
        double[] xy = senselCentre(foot.side, r, c);
        if (!inInsole(foot, xy[0], xy[1])) {
          cell[r * COLS + c] = -1;
        } else {
          int col = (int) Math.floor(xy[0] / foot.cellMm);
          int row = (int) Math.floor(xy[1] / foot.cellMm);
          cell[r * COLS + c] = col >= 0 && col < foot.cols && row >= 0 && row < foot.rows ? row * foot.cols + col : -2;
        }
      }
    }
    StringBuilder out = new StringBuilder(frames * ROWS * COLS * 3 + 2048);
    String file = "SIM_" + scanId + side + ".fsx";
    out.append("DATA_TYPE MOVIE\n");
    out.append("VERSION Tekscan Pressure Measurement System 6.33\n");
    out.append("HARDWARE simulated\n");
    out.append("MAP_VERSION 6.5\n");
    out.append("HW_TYPE 4\n");
    out.append("FILENAME ").append(file).append('\n');
    out.append("SENSOR_TYPE FSCAN\n");
    out.append("ROWS ").append(ROWS).append('\n');
    out.append("COLS ").append(COLS).append('\n');
    out.append("ROW_SPACING 5.08 mm\n");
    out.append("COL_SPACING 5.08 mm\n");
    out.append("SENSEL_AREA 25.8064 mm2\n");
    out.append("NOISE_THRESHOLD 3\n");
    out.append("SECONDS_PER_FRAME ").append(trim(secondsPerFrame)).append('\n');
    out.append("MICRO_SECOND 0\n");
    out.append("TIME \n");
    out.append("SATURATION_PRESSURE 1514.73 KPa \n");
    out.append("CALIBRATION_POINT_1 75.0001 (Kgs) 4798 (Raw Sum) 240 (Number of Loaded Cells)\n");
    out.append("CALIBRATION_MODE_1 Walk\n");
    out.append("CALIBRATION_INFO ").append(file).append('\n');
    out.append("SENSITIVITY Custom\n");
    out.append("COMMENTS:\n");
    out.append("synthetic walk\n");
    out.append("START_FRAME 1\n");
    out.append("END_FRAME ").append(frames).append('\n');
    out.append("UNITS KPa\n");
    out.append("MIRROR_ROW 0\n");
    out.append("MIRROR_COL 0\n");
    out.append("ASCII_DATA @@\n");
    out.append('\n');
    for (int k = 1; k <= frames; k++) {
      if (k > 1) {
        out.append('\n');
      }
      out.append("Frame ").append(k).append('\n');
      float[] frame = foot.frameAtTime((k - 1) * secondsPerFrame);
      for (int r = 0; r < ROWS; r++) {
        for (int c = 0; c < COLS; c++) {
          if (c > 0) {
            out.append(',');
          }
          int i = cell[r * COLS + c];
          if (i == -1) {
            out.append('B');
          } else {
            float v = i < 0 ? 0f : frame[i];
            out.append(Float.isNaN(v) ? 0 : Math.round(v));
          }
        }
        out.append('\n');
      }
    }
    out.append("@@\n");
    return out.toString();
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s + "0" : s;
  }
}
