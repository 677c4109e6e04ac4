package org.gaitoutcomes.bench;

import java.util.Arrays;

/** Summary statistics for repeated timings. */
public final class Stats {
  private Stats() {}

  /** The median (mean of the two middle values for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  public static double min(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  public static double max(double[] values) {
    return Arrays.stream(values).max().orElseThrow();
  }

  /**
   * Scaling exponent k in t ~ n^k between two sizes: log(t2 / t1) / log(n2 / n1). 1 is linear; below
   * 1 is sub-linear (fixed overheads dominate), above 1 super-linear.
   */
  public static double scalingExponent(long n1, double t1, long n2, double t2) {
    if (n1 <= 0 || n2 <= 0 || n1 == n2 || t1 <= 0 || t2 <= 0) {
      throw new IllegalArgumentException("scaling exponent needs two distinct positive sizes and times: n1=" + n1 + " n2=" + n2 + " t1=" + t1 + " t2=" + t2);
    }
    return Math.log(t2 / t1) / Math.log((double) n2 / n1);
  }
}
