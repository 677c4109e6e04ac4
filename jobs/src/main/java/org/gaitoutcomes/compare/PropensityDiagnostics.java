package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Propensity AUC, preference-score equipoise, common support and overlap histograms. */
public final class PropensityDiagnostics {
  private PropensityDiagnostics() {}

  /**
   * AUC as the Mann-Whitney statistic: P(e_treated > e_control) + 0.5 P(equal) (Hanley and McNeil 1982).
   * The rows are range-partitioned by propensity (equal values land in one partition) and sorted
   * within each partition, so every partition holds a contiguous band; each returns its control count,
   * treated count and its within-band sum (ties counted one half), and the driver adds the controls of
   * the earlier bands: one shuffle, four numbers per partition on the driver.
   */
  public static double auc(Dataset<Row> scored) {
    Dataset<Row> sorted = scored.select(col("_e"), col("_t").cast("double"))
        .repartitionByRange(col("_e"))
        .sortWithinPartitions(col("_e"));
    List<double[]> bands = sorted.javaRDD().mapPartitionsWithIndex((index, rows) -> {
      double below0 = 0;
      double n1 = 0;
      double within = 0;
      // The current run of equal propensities: its value and its treated and control counts.
      double value = Double.NaN;
      double runT = 0;
      double runC = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        double e = r.getDouble(0);
        if (e != value) {
          within += runT * (below0 + 0.5 * runC);
          below0 += runC;
          n1 += runT;
          value = e;
          runT = 0;
          runC = 0;
        }
        if (r.getDouble(1) > 0) {
          runT++;
        } else {
          runC++;
        }
      }
      within += runT * (below0 + 0.5 * runC);
      return List.of(new double[] {index, below0 + runC, n1 + runT, within}).iterator();
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

  /** The same AUC from units held in the driver (small analysis tables): sort by propensity, count ties one half. */
  public static double auc(java.util.List<AnalysisUnit> units) {
    double[][] rows = units.stream().map(u -> new double[] {u.e, u.t > 0 ? 1 : 0}).sorted(java.util.Comparator.comparingDouble(r -> r[0])).toArray(double[][]::new);
    double below0 = 0;
    double n1 = 0;
    double numerator = 0;
    int i = 0;
    while (i < rows.length) {
      int j = i;
      double runT = 0;
      double runC = 0;
      while (j < rows.length && rows[j][0] == rows[i][0]) {
        if (rows[j][1] > 0) {
          runT++;
        } else {
          runC++;
        }
        j++;
      }
      numerator += runT * (below0 + 0.5 * runC);
      below0 += runC;
      n1 += runT;
      i = j;
    }
    return numerator / (n1 * below0);
  }

  /** Equipoise and overlap numbers. */
  public record Summary(double equipoiseFraction, double commonSupportFraction, double minTreated, double maxTreated,
      double minControl, double maxControl, double[] histTreated, double[] histControl) {}

  /** The arms' sizes and propensity ranges: aggregations registered in a pass the caller runs before {@link #summarise}. */
  public record Extent(Supplier<double[]> counts, Supplier<double[]> range) {}

  /** Registers the arms' sizes and the propensity's range per arm in {@code pass}. */
  static Extent extent(FusedPass pass) {
    return new Extent(pass.sum(2, (u, a) -> a[u.t > 0 ? 0 : 1] += 1), pass.max(4, (u, a) -> {
      int o = u.t > 0 ? 0 : 2;
      a[o] = Math.max(a[o], -u.e);
      a[o + 1] = Math.max(a[o + 1], u.e);
    }));
  }

  /**
   * Preference score F with logit F = logit e - logit P(T) (Walker et al. 2013); in equipoise when
   * 0.3 <= F <= 0.7. Common support: share of units inside [max of arm minima, min of arm maxima].
   * One pass over the units after the one that computed {@code extent}.
   */
  public static Summary summarise(UnitSource s, int bins, Extent extent) {
    double[] base = extent.counts().get();
    double[] range = extent.range().get();
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
