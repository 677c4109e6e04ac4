package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Propensity AUC, preference-score equipoise, common support and overlap histograms. */
public final class PropensityDiagnostics {
  private PropensityDiagnostics() {}

  /**
   * AUC as the Mann-Whitney statistic: P(e_treated > e_control) + 0.5 P(equal), from counts per distinct
   * propensity value and a running count of controls below each value (aggregated rows only).
   */
  public static double auc(Dataset<Row> scored) {
    Dataset<Row> byValue = scored.groupBy(col("_e"))
        .agg(sum(when(col("_t").equalTo(1), 1L).otherwise(0L)).as("n1"), sum(when(col("_t").equalTo(0), 1L).otherwise(0L)).as("n0"));
    Dataset<Row> withBelow = byValue.withColumn("below0",
        sum(col("n0")).over(Window.orderBy(col("_e")).rowsBetween(Window.unboundedPreceding(), -1)));
    Row r = withBelow.agg(
        sum(col("n1").cast("double").multiply(org.apache.spark.sql.functions.coalesce(col("below0"), org.apache.spark.sql.functions.lit(0L))
            .plus(col("n0").cast("double").multiply(0.5)))),
        // driver-safe: one row of three sums
        sum(col("n1")), sum(col("n0"))).first();
    return r.getDouble(0) / ((double) r.getLong(1) * r.getLong(2));
  }

  /** Equipoise and overlap numbers from one pass over the units. */
  public record Summary(double equipoiseFraction, double commonSupportFraction, double minTreated, double maxTreated,
      double minControl, double maxControl, double[] histTreated, double[] histControl) {}

  /**
   * Preference score F with logit F = logit e - logit P(T) (Walker et al. 2013); in equipoise when
   * 0.3 <= F <= 0.7. Common support: share of units inside [max of arm minima, min of arm maxima].
   */
  public static Summary summarise(UnitSource s, int bins) {
    double[] base = s.sum(2, (u, a) -> a[u.t > 0 ? 0 : 1] += 1);
    double[] range = s.max(4, (u, a) -> {
      int o = u.t > 0 ? 0 : 2;
      a[o] = Math.max(a[o], -u.e);
      a[o + 1] = Math.max(a[o + 1], u.e);
    });
    double n1 = base[0];
    double n = base[0] + base[1];
    double logitPt = CausalMath.logit(n1 / n);
    double minT = -range[0];
    double maxT = range[1];
    double minC = -range[2];
    double maxC = range[3];
    double lo = Math.max(minT, minC);
    double hi = Math.min(maxT, maxC);
    double[] counts = s.sum(2 + 2 * bins, (u, a) -> {
      double f = CausalMath.expit(CausalMath.logit(u.e) - logitPt);
      if (f >= 0.3 && f <= 0.7) {
        a[0] += 1;
      }
      if (u.e >= lo && u.e <= hi) {
        a[1] += 1;
      }
      int bin = (int) Math.min(bins - 1, Math.floor(u.e * bins));
      a[2 + (u.t > 0 ? 0 : bins) + bin] += 1;
    });
    double[] hT = new double[bins];
    double[] hC = new double[bins];
    System.arraycopy(counts, 2, hT, 0, bins);
    System.arraycopy(counts, 2 + bins, hC, 0, bins);
    return new Summary(counts[0] / n, counts[1] / n, minT, maxT, minC, maxC, hT, hC);
  }
}
