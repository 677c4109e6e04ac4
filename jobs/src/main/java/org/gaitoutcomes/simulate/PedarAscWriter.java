package org.gaitoutcomes.simulate;

import java.util.Locale;
import org.gaitoutcomes.scans.PedarLayout;

/**
 * Writes a Novel pedar ASCII export ({@code .asc}) in exactly the layout of the real example
 * {@code ../shared/fixtures/pressure/pedar_example.asc}, with no identifying content:
 * <pre>
 * file name:  SIM_&lt;scan id&gt;.sol&lt;TAB&gt;date/time  &lt;nothing: no recording date&gt;
 * sensor type:  &lt;size&gt;-0000l-0000r-pxf306 &lt;trailing space as in the real file; serials zeroed, no date&gt;
 * total time [secs]:  %.3f&lt;TAB&gt;time per frame [secs]:  %.5f&lt;TAB&gt;scanning rate [Hz]:   %d
 * pressure values in  kPa
 * (empty line)
 * mask definition: 
 * left insole: 1,2,...,99,
 * right insole: 1,2,...,99,
 * (empty line)
 * time[secs]    &lt;TAB&gt;%7d for sensors 1..99 (left) then 1..99 (right), each followed by a TAB
 * %12.5f time&lt;TAB&gt; then 198 values %7.3f kPa each followed by a TAB, one line per frame
 * </pre>
 * Lines end with LF; the last frame line has no final newline (as in the real file). Frame k (k = 1..n)
 * is at time k / rate; total time = n / rate. Values are quantised to 2.5 kPa as in the real export.
 *
 * <p>Insole size: the size letter the importer reads ({@link PedarLayout#pitchMm}) is chosen from the foot
 * length, u below 235 mm, then one letter per 10 mm up to z from 275 mm (an approximation of the pedar size
 * chart). Sensor layout: the importer's own {@link PedarLayout} (sensor n at grid cell
 * {@link PedarLayout#cellOf(int)}, numbered heel to toe and medial to lateral on both insoles). Grid row r
 * of {@link PedarLayout#ROWS} lies at fraction (r + 0.5) / ROWS of the foot length, and column c of
 * {@link PedarLayout#COLS} at fraction (c + 0.5) / COLS of the foot's width at that level, from its medial
 * edge; a sensor reads the simulated canonical grid cell containing that point. The imported picture is
 * therefore the simulated foot resampled on the pedar grid, heel to toe and medial to lateral.
 */
public final class PedarAscWriter {
  public static final int SENSORS = PedarLayout.SENSORS;
  /** Insole size letters, smallest first, as read by {@link PedarLayout#pitchMm}. */
  static final String SIZES = "uvwxyz";

  private PedarAscWriter() {}

  /** Insole size letter for a foot of {@code lengthMm}: u below 235 mm, one letter per 10 mm, z from 275 mm. */
  public static char sizeLetter(double lengthMm) {
    int i = (int) Math.round((lengthMm - 230) / 10);
    return SIZES.charAt(Math.max(0, Math.min(SIZES.length() - 1, i)));
  }

  /** Point (x, y) in mm, in the canonical grid frame, read by sensor {@code number} (1..99) of {@code foot}. */
  public static double[] sensorCentre(GaitScanModel.Foot foot, int number) {
    int cell = PedarLayout.cellOf(number);
    int row = cell / PedarLayout.COLS;
    int col = cell % PedarLayout.COLS;
    double f = (row + 0.5) / PedarLayout.ROWS;
    double y = GaitScanModel.Y0 + f * foot.lengthMm;
    double x = foot.medialAt(f) + (col + 0.5) / PedarLayout.COLS * foot.widthAt(f);
    return new double[] {x, y};
  }

  /** The export of both feet of one recording, frames at {@code hz}. */
  public static String write(GaitScanModel.Foot[] feet, double hz, String scanId) {
    double dt = 1.0 / hz;
    double end = Math.max(feet[0].recordingEndS(), feet[1].recordingEndS());
    int frames = (int) Math.ceil(end * hz);
    int[][] cells = new int[2][SENSORS];
    for (int side = 0; side < 2; side++) {
      for (int s = 0; s < SENSORS; s++) {
        double[] c = sensorCentre(feet[side], s + 1);
        int col = (int) Math.min(feet[side].cols - 1, Math.max(0, Math.floor(c[0] / feet[side].cellMm)));
        int row = (int) Math.min(feet[side].rows - 1, Math.max(0, Math.floor(c[1] / feet[side].cellMm)));
        cells[side][s] = row * feet[side].cols + col;
      }
    }
    StringBuilder out = new StringBuilder(frames * 1600 + 4096);
    out.append("file name:  SIM_").append(scanId).append(".sol\tdate/time  \n");
    out.append("sensor type:  ").append(sizeLetter(feet[0].lengthMm)).append("-0000l-0000r-pxf306 \n");
    out.append(String.format(Locale.ROOT, "total time [secs]:  %.3f\ttime per frame [secs]:  %.5f\tscanning rate [Hz]:   %d\n",
        frames * dt, dt, Math.round(hz)));
    out.append("pressure values in  kPa\n\n");
    out.append("mask definition: \n");
    StringBuilder mask = new StringBuilder();
    for (int s = 1; s <= SENSORS; s++) {
      mask.append(s).append(',');
    }
    out.append("left insole: ").append(mask).append('\n');
    out.append("right insole: ").append(mask).append('\n');
    out.append('\n');
    out.append("time[secs]    \t");
    for (int side = 0; side < 2; side++) {
      for (int s = 1; s <= SENSORS; s++) {
        out.append(String.format(Locale.ROOT, "%7d", s)).append('\t');
      }
    }
    for (int k = 1; k <= frames; k++) {
      out.append('\n');
      double t = k * dt;
      fixed(out, t, 12, 5).append('\t');
      for (int side = 0; side < 2; side++) {
        float[] frame = feet[side].frameAtTime(t);
        for (int s = 0; s < SENSORS; s++) {
          float v = frame[cells[side][s]];
          double kpa = Float.isNaN(v) ? 0 : Math.round(v / 2.5) * 2.5;
          fixed(out, kpa, 7, 3).append('\t');
        }
      }
    }
    return out.toString();
  }

  /** Appends {@code v} right-aligned in {@code width} with {@code decimals} decimals, as %{width}.{decimals}f (half up). */
  static StringBuilder fixed(StringBuilder out, double v, int width, int decimals) {
    long scale = 1;
    for (int i = 0; i < decimals; i++) {
      scale *= 10;
    }
    long x = Math.round(Math.abs(v) * scale);
    String fraction = Long.toString(x % scale);
    StringBuilder s = new StringBuilder(width);
    if (v < 0 && x != 0) {
      s.append('-');
    }
    s.append(x / scale).append('.');
    for (int i = fraction.length(); i < decimals; i++) {
      s.append('0');
    }
    s.append(fraction);
    for (int i = s.length(); i < width; i++) {
      out.append(' ');
    }
    return out.append(s);
  }
}
