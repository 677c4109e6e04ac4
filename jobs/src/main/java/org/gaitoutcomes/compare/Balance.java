package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Covariate balance under a weighting: weighted means, SDs, SMDs (denominator from the unadjusted
 * arm variances, Austin 2009) and variance ratios of every model term, from one pass of sums.
 */
public final class Balance {
  private Balance() {}

  /** Balance of one term under one adjustment. */
  public record Row(String covariate, String adjustment, double meanTreated, double meanControl, double sdTreated,
      double sdControl, double smd, double varianceRatio) {
    public boolean pass() {
      return Math.abs(smd) < 0.1;
    }
  }

  /** Per-arm sums of w, w x and w x^2 for every feature (x without the leading 1). */
  public static double[] sums(UnitSource s, Estimators.WeightFunction weight, int features) {
    int stride = 1 + 2 * features;
    return s.sum(2 * stride, (u, a) -> {
      double w = weight.apply(u);
      if (w == 0) {
        return;
      }
      int o = u.t > 0 ? 0 : stride;
      a[o] += w;
      for (int j = 0; j < features; j++) {
        double x = u.x[j + 1];
        a[o + 1 + j] += w * x;
        a[o + 1 + features + j] += w * x * x;
      }
    });
  }

  /** Rows for one adjustment from its sums and the unadjusted sums (for the SMD denominators). */
  public static List<Row> rows(String adjustment, double[] sums, double[] unadjusted, List<String> names) {
    int f = names.size();
    int stride = 1 + 2 * f;
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < f; j++) {
      double mT = sums[1 + j] / sums[0];
      double mC = sums[stride + 1 + j] / sums[stride];
      double vT = CausalMath.weightedVariance(sums[0], sums[1 + j], sums[1 + f + j]);
      double vC = CausalMath.weightedVariance(sums[stride], sums[stride + 1 + j], sums[stride + 1 + f + j]);
      double uT = sampleVariance(unadjusted[0], unadjusted[1 + j], unadjusted[1 + f + j]);
      double uC = sampleVariance(unadjusted[stride], unadjusted[stride + 1 + j], unadjusted[stride + 1 + f + j]);
      rows.add(new Row(names.get(j), adjustment, mT, mC, Math.sqrt(vT), Math.sqrt(vC),
          CausalMath.standardizedMeanDifference(mT, mC, uT, uC), vC > 0 ? vT / vC : Double.NaN));
    }
    return rows;
  }

  /** Unweighted sample variance (n - 1) from n, sum x, sum x^2. */
  static double sampleVariance(double n, double sx, double sx2) {
    return n > 1 ? Math.max(0, (sx2 - sx * sx / n) / (n - 1)) : Double.NaN;
  }
}
