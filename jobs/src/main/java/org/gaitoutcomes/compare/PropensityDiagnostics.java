package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Propensity AUC, preference-score equipoise, common support and overlap histograms. */
public final class PropensityDiagnostics {
  private PropensityDiagnostics() {}

  /**
   * AUC as the Mann-Whitney statistic: P(e_treated > e_control) + 0.5 P(equal) (Hanley and McNeil 1982).
   * Counts per distinct propensity value are range-partitioned by value, so every partition holds a
   * contiguous band; each partition returns its control count, treated count and its within-band
   * sum, and the driver adds the controls of the earlier bands (a handful of numbers per partition).
   */
  public static double auc(Dataset<Row> scored) {
    Dataset<Row> byValue = scored.groupBy(col("_e"))
        .agg(sum(when(col("_t").equalTo(1), 1L).otherwise(0L)).as("n1"), sum(when(col("_t").equalTo(0), 1L).otherwise(0L)).as("n0"))
        .repartitionByRange(col("_e"))
        .sortWithinPartitions(col("_e"));
    List<double[]> bands = byValue.javaRDD().mapPartitionsWithIndex((index, rows) -> {
      double below0 = 0;
      double n1 = 0;
      double within = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        long t = r.getLong(1);
        long c = r.getLong(2);
        within += t * (below0 + 0.5 * c);
        below0 += c;
        n1 += t;
      }
      return java.util.List.of(new double[] {index, below0, n1, within}).iterator();
    }, true)
        // driver-safe: four numbers per partition
        .collect();
    double[][] ordered = bands.stream().sorted(java.util.Comparator.comparingDouble(b -> b[0])).toArray(double[][]::new);
    double controls = 0;
    double treated = 0;
    double numerator = 0;
    for (double[] b : ordered) {
      numerator += b[3] + b[2] * controls;
      controls += b[1];
      treated += b[2];
    }
    return numerator / (treated * controls);
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
