package org.gaitoutcomes.scans;

import java.util.List;

/** Temporal gait parameters from step start and end times (plain Java; DOMAIN.md "Gait from pressure data"). */
public final class GaitTiming {
  private GaitTiming() {}

  /** Mean stance time (s): contact duration averaged over steps; NaN for none. */
  public static double meanStanceS(List<double[]> startEnd) {
    if (startEnd.isEmpty()) {
      return Double.NaN;
    }
    double s = 0;
    for (double[] e : startEnd) {
      s += e[1] - e[0];
    }
    return s / startEnd.size();
  }

  /** Mean stride time (s): time between successive contacts of the same foot; NaN with under two steps. */
  public static double meanStrideS(List<double[]> startEnd) {
    if (startEnd.size() < 2) {
      return Double.NaN;
    }
    return (startEnd.get(startEnd.size() - 1)[0] - startEnd.get(0)[0]) / (startEnd.size() - 1);
  }

  // Cadence = 120 / stride time, steps per minute (two steps per stride; DOMAIN.md).
  public static double cadenceSpm(double strideS) {
    return strideS > 0 ? 120.0 / strideS : Double.NaN;
  }

  // Robinson symmetry index SI = (X_R - X_L) / (0.5 (X_R + X_L)) x 100; |SI| > 10% is called asymmetric (Robinson 1987; DOMAIN.md).
  public static double symmetryIndex(double right, double left) {
    double mean = 0.5 * (right + left);
    return mean == 0 ? Double.NaN : (right - left) / mean * 100.0;
  }
}
