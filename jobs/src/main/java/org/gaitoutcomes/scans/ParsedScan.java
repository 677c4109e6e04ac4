package org.gaitoutcomes.scans;

import java.io.Serializable;
import java.util.List;

/**
 * One foot of one recording in canonical form (see schemas/gait_scans.json): a sequence of frames, each
 * the {@code rows x cols} grid in row-major order, kPa, row 0 = heel, column 0 = medial, NaN outside the
 * sensing area. Carries no identifying metadata: the manifest supplies patient, visit day and scan id.
 *
 * @param side L or R
 * @param device pedar, fscan or emed
 * @param samplingHz frames per second
 * @param rows grid rows (heel to toe)
 * @param cols grid columns (medial to lateral)
 * @param rowSpacingMm centre-to-centre distance between rows
 * @param colSpacingMm centre-to-centre distance between columns
 * @param frames the frames, each of length {@code rows * cols}
 */
public record ParsedScan(String side, String device, double samplingHz, int rows, int cols,
    double rowSpacingMm, double colSpacingMm, List<float[]> frames) implements Serializable {

  public ParsedScan {
    for (float[] f : frames) {
      if (f.length != rows * cols) {
        throw new IllegalArgumentException("frame of " + f.length + " values for a " + rows + "x" + cols + " grid");
      }
    }
    frames = List.copyOf(frames);
  }

  /** Area of one cell in mm^2. */
  public double cellAreaMm2() {
    return rowSpacingMm * colSpacingMm;
  }
}
