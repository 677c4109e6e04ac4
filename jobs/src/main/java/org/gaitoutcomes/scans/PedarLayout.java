package org.gaitoutcomes.scans;

import java.util.Locale;
import java.util.Map;

/**
 * Where the 99 sensors of a Novel pedar insole sit on a rectangular grid of 15 rows x 7 columns.
 *
 * <p>The pedar sensors are not a rectangular grid. Their layout is taken from the sensor polygons of the
 * MIT-licensed pressuRe R package (Telfer et al., {@code R/pressuRe_functions.R}: {@code pedar_insole_grids},
 * the masks {@code pedar_mask1} and {@code pedar_mask3}; https://github.com/Telfer/pressuRe):
 * sensors are numbered row by row from the heel to the toes and, within a row, from medial to lateral, on
 * both insoles (the medial hindfoot mask is sensors 1-2, 6-8, 13-15, 20-22; the hallux 83-84, 90-91, 96).
 * Rows hold 5 (heel), then twelve rows of 7, then 6, then 4 sensors. Matching each sensor's polygon
 * centroid to the nearest column centre of the neighbouring 7-sensor row gives:
 * <pre>
 *   grid row 0        sensors  1-5    columns 1-5
 *   grid rows 1-12    sensors  6-89   columns 0-6 (7 per row)
 *   grid row 13       sensors 90-95   columns 0-5
 *   grid row 14       sensors 96-99   columns 1-4
 * </pre>
 * Cells with no sensor are NaN. Because numbering runs medial to lateral on both insoles, the right insole
 * needs no mirroring for the canonical orientation.
 *
 * <p>Cell geometry: square cells whose area is the insole size's mean sensor area from pressuRe's
 * {@code pedar_insole_area} table (mm^2: u 127.16, v 140.72, w 156.99, x 173.82, y 193.06, z 216.89, means
 * of its 99 per-sensor areas), so force = sum(kPa x cell area) matches the vendor's sensor areas. Distances
 * (centre-of-pressure path, foot length) are on that uniform pitch and therefore approximate for pedar;
 * ratios (arch index, CPEI, Chippaux-Smirak, Staheli) do not depend on the pitch.
 */
public final class PedarLayout {
  public static final int ROWS = 15;
  public static final int COLS = 7;
  public static final int SENSORS = 99;

  /** Mean sensor area (mm^2) per insole size letter, from pressuRe's {@code pedar_insole_area}. */
  private static final Map<String, Double> MEAN_SENSOR_AREA_MM2 = Map.of(
      "u", 127.16, "v", 140.72, "w", 156.99, "x", 173.82, "y", 193.06, "z", 216.89);

  /** Grid cell (row * COLS + col) of sensor {@code i + 1}. */
  private static final int[] CELL_OF_SENSOR = buildCells();

  private PedarLayout() {}

  private static int[] buildCells() {
    int[] cells = new int[SENSORS];
    int s = 0;
    for (int c = 1; c <= 5; c++) {
      cells[s++] = c;
    }
    for (int r = 1; r <= 12; r++) {
      for (int c = 0; c < 7; c++) {
        cells[s++] = r * COLS + c;
      }
    }
    for (int c = 0; c <= 5; c++) {
      cells[s++] = 13 * COLS + c;
    }
    for (int c = 1; c <= 4; c++) {
      cells[s++] = 14 * COLS + c;
    }
    if (s != SENSORS) {
      throw new IllegalStateException("pedar layout maps " + s + " sensors");
    }
    return cells;
  }

  /** Grid cell index (row-major) of 1-based sensor number {@code sensor}. */
  public static int cellOf(int sensor) {
    return CELL_OF_SENSOR[sensor - 1];
  }

  /** The 99 sensor values (kPa, sensor 1 first) placed on the grid, NaN elsewhere. */
  public static float[] toGrid(float[] sensors, int offset) {
    float[] grid = new float[ROWS * COLS];
    java.util.Arrays.fill(grid, Float.NaN);
    for (int i = 0; i < SENSORS; i++) {
      grid[CELL_OF_SENSOR[i]] = sensors[offset + i];
    }
    return grid;
  }

  /**
   * Cell pitch (mm) for the insole named in the export's {@code sensor type} line, e.g.
   * {@code y-1865l-1870r-pxf306}: the size is the first letter of the part before the first '-'
   * (as pressuRe's {@code load_pedar} reads it). Null when the size is unknown.
   */
  public static Double pitchMm(String sensorType) {
    String t = sensorType.strip().toLowerCase(Locale.ROOT);
    int dash = t.indexOf('-');
    String size = (dash >= 0 ? t.substring(0, dash) : t).strip();
    if (size.isEmpty()) {
      return null;
    }
    Double area = MEAN_SENSOR_AREA_MM2.get(size.substring(0, 1));
    return area == null ? null : Math.sqrt(area);
  }
}
