package org.gaitoutcomes.simulate;

import java.util.Locale;

/**
 * Writes a Novel pedar ASCII export ({@code .asc}) in exactly the layout of the real example
 * {@code ../shared/fixtures/pressure/pedar_example.asc}, with no identifying content:
 * <pre>
 * file name:  SIM_&lt;scan id&gt;.sol&lt;TAB&gt;date/time  &lt;nothing: no recording date&gt;
 * sensor type:  simulated-99l-99r &lt;trailing space as in the real file&gt;
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
 * <p>Sensor layout (a documented approximation of the 99-sensor pedar insole; the real file numbers
 * sensors from the heel, 1, to the toes, 99): 16 rows across the insole from heel to toe with
 * {@link #ROW_SENSORS} sensors each (heel 4 x 5, midfoot 6 + 4 x 7, forefoot 4 x 7, toes 6 + 6 + 5); row r
 * is centred at fraction (r + 0.5) / 16 of the foot length, and a row's sensors are spread evenly
 * from the medial to the lateral edge of the insole at that level and numbered medial to lateral on
 * both insoles (the right insole is the mirror image of the left). A sensor reads the canonical
 * grid cell containing its centre.
 */
public final class PedarAscWriter {
  /** Sensors per row, heel row first; sums to 99. */
  public static final int[] ROW_SENSORS = {5, 5, 5, 5, 6, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 5};
  public static final int SENSORS = 99;

  private PedarAscWriter() {}

  /** Centre (x, y) in mm of sensor {@code number} (1..99) of {@code foot}, in the canonical grid frame. */
  public static double[] sensorCentre(GaitScanModel.Foot foot, int number) {
    int remaining = number - 1;
    int row = 0;
    while (remaining >= ROW_SENSORS[row]) {
      remaining -= ROW_SENSORS[row];
      row++;
    }
    double f = (row + 0.5) / ROW_SENSORS.length;
    double y = GaitScanModel.Y0 + f * foot.lengthMm;
    double x = foot.medialAt(f) + (remaining + 0.5) / ROW_SENSORS[row] * foot.widthAt(f);
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
    out.append("sensor type:  simulated-99l-99r \n");
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
