package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Covariate balance under a weighting: weighted means, SDs, SMDs (denominator from the unadjusted
 * arm variances, Austin 2009) and variance ratios of every model term, from one pass of sums.
 * Weighted variances are the "unbiased" form sum w (x - m)^2 x sum w / ((sum w)^2 - sum w^2), which is
 * the sample variance when all weights are 1 (as cobalt's col_w_sd). Variance ratios are reported for
 * non-binary terms only (a 0/1 term's variance follows from its mean; cobalt leaves them out too).
 */
public final class Balance {
  private Balance() {}

  /** Balance of one term under one adjustment. */
  public record Row(String covariate, String adjustment, double meanTreated, double meanControl, double sdTreated,
      double sdControl, double smd, double varianceRatio) {
    public boolean pass() {
      return Math.abs(smd) < 0.1;
    }

    /** The row in the column order of the balance contract (pass null where the SMD is undefined). */
    public java.util.Map<String, Object> toMap() {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("covariate", covariate);
      m.put("adjustment", adjustment);
      m.put("mean_treated", meanTreated);
      m.put("mean_control", meanControl);
      m.put("sd_treated", sdTreated);
      m.put("sd_control", sdControl);
      m.put("smd", smd);
      m.put("variance_ratio", varianceRatio);
      m.put("pass", Double.isNaN(smd) ? null : pass());
      return m;
    }
  }

  /** Per-arm sums of w, w^2, w x and w x^2 for every feature (x without the leading 1), and counts of values other than 0 and 1. */
  public static double[] sums(UnitSource s, Estimators.WeightFunction weight, int features) {
    return s.sum(length(features), contribution(weight, features));
  }

  /** How many sums {@link #contribution} adds into. */
  static int length(int features) {
    return 2 * (2 + 3 * features);
  }

  /** One unit's share of the balance sums, for a pass of several aggregations ({@link FusedPass}). */
  static UnitSource.Contribution contribution(Estimators.WeightFunction weight, int features) {
    int stride = 2 + 3 * features;
    return (u, a) -> {
      double w = weight.apply(u);
      if (w == 0) {
        return;
      }
      int o = u.t > 0 ? 0 : stride;
      a[o] += w;
      a[o + 1] += w * w;
      for (int j = 0; j < features; j++) {
        double x = u.x[j + 1];
        a[o + 2 + j] += w * x;
        a[o + 2 + features + j] += w * x * x;
        a[o + 2 + 2 * features + j] += x == 0 || x == 1 ? 0 : 1;
      }
    };
  }

  /** Rows for one adjustment from its sums and the unadjusted sums (for the SMD denominators). */
  public static List<Row> rows(String adjustment, double[] sums, double[] unadjusted, List<String> names) {
    int f = names.size();
    int stride = 2 + 3 * f;
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < f; j++) {
      double mT = sums[2 + j] / sums[0];
      double mC = sums[stride + 2 + j] / sums[stride];
      double vT = weightedVariance(sums, 0, j, f);
      double vC = weightedVariance(sums, stride, j, f);
      double uT = weightedVariance(unadjusted, 0, j, f);
      double uC = weightedVariance(unadjusted, stride, j, f);
      boolean binary = unadjusted[2 + 2 * f + j] == 0 && unadjusted[stride + 2 + 2 * f + j] == 0;
      rows.add(new Row(names.get(j), adjustment, mT, mC, Math.sqrt(vT), Math.sqrt(vC),
          CausalMath.standardizedMeanDifference(mT, mC, uT, uC), !binary && vC > 0 ? vT / vC : Double.NaN));
    }
    return rows;
  }

  /** The unbiased weighted variance of feature j in the arm at {@code o} (the sample variance for unit weights). */
  static double weightedVariance(double[] sums, int o, int j, int f) {
    double sw = sums[o];
    double sw2 = sums[o + 1];
    double denominator = sw * sw - sw2;
    if (!(sw > 0) || !(denominator > 0)) {
      return Double.NaN;
    }
    double sx = sums[o + 2 + j];
    return Math.max(0, (sums[o + 2 + f + j] - sx * sx / sw) * sw / denominator);
  }
}
