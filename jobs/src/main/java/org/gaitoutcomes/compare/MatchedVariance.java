package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Cluster-robust variance of the matching estimator's arm means, as MatchIt's guidance on estimating
 * effects after matching recommends (Austin & Cafri 2020): the matched data in pair form (each matched
 * treated patient with its k controls: one "pair" cluster; a control matched to several treated
 * appears once per pair with weight 1/k), a weighted regression of the outcome on treatment, and a
 * two-way cluster-robust sandwich clustered by pair and by patient, V = V_pair + V_patient - V_row,
 * each with the small-sample factor G/(G-1) x (N-1)/(N-2) (statsmodels' cov_cluster_2groups; R
 * sandwich::vcovCL with HC1). Without replacement every patient is in one pair, the patient and row
 * terms cancel, and this is the one-way pair-cluster SE ({@code vcovCL(fit, cluster = ~subclass)}).
 *
 * <p>The matching itself (which controls were chosen) is held fixed, as in MatchIt; the propensity
 * model's estimation is not propagated (Abadie & Imbens 2016 show this is conservative for the ATT).
 */
final class MatchedVariance {
  private MatchedVariance() {}

  /** Sums behind the variance: pair, patient and row terms of both arms, and the cluster counts. */
  record Sums(double pair11, double pair00, double pair10, double pairs, double unit11, double unit00, double units,
      double row11, double row00, double rows) {

    /** {var(mu1), var(mu0), cov(mu1, mu0)}. */
    double[] variances() {
      double cPair = factor(pairs);
      double cUnit = factor(units);
      double cRow = factor(rows);
      double v1 = cPair * pair11 + cUnit * unit11 - cRow * row11;
      double v0 = cPair * pair00 + cUnit * unit00 - cRow * row00;
      // A patient and a row belong to one arm, so only the pair term carries a covariance.
      return new double[] {v1, v0, cPair * pair10};
    }

    private double factor(double groups) {
      return groups / (groups - 1) * (rows - 1) / (rows - 2);
    }
  }

  /**
   * The variance on units held in memory. {@code pairs}: each matched treated key with the keys of its
   * controls; {@code units} carry the outcome, omega and subset; mu and the arms' weight totals w are
   * the estimate's.
   */
  static double[] inMemory(List<AnalysisUnit> units, Map<Long, long[]> pairs, double mu1, double mu0, double w1, double w0) {
    Map<Long, AnalysisUnit> byKey = new HashMap<>();
    for (AnalysisUnit u : units) {
      byKey.put(u.key, u);
    }
    double[] a = new double[10];
    java.util.Set<Long> observedUnits = new java.util.HashSet<>();
    Map<Long, Double> controlInfluence = new HashMap<>();
    for (Map.Entry<Long, long[]> pair : pairs.entrySet()) {
      AnalysisUnit t = byKey.get(pair.getKey());
      double s1 = 0;
      double s0 = 0;
      boolean any = false;
      if (t != null && t.observed()) {
        s1 = t.omega * t.subset * (t.y - mu1) / w1;
        a[7] += s1 * s1;
        a[9] += 1;
        a[4] += s1 * s1;
        observedUnits.add(t.key);
        any = true;
      }
      double k = pair.getValue().length;
      for (long c : pair.getValue()) {
        AnalysisUnit u = byKey.get(c);
        if (u == null || !u.observed()) {
          continue;
        }
        double r = u.omega * u.subset * (u.y - mu0) / w0 / k;
        s0 += r;
        a[8] += r * r;
        a[9] += 1;
        controlInfluence.merge(c, r, Double::sum);
        observedUnits.add(c);
        any = true;
      }
      if (any) {
        a[0] += s1 * s1;
        a[1] += s0 * s0;
        a[2] += s1 * s0;
        a[3] += 1;
      }
    }
    for (double r : controlInfluence.values()) {
      a[5] += r * r;
    }
    a[6] = observedUnits.size();
    return sums(a).variances();
  }

  /**
   * The same variance on the distributed path: the matched pairs {@code (t_key, c_key)} are joined with
   * the units' outcome terms; only the ten sums reach the driver.
   */
  static double[] distributed(SparkSession spark, JavaRDD<AnalysisUnit> units, Dataset<Row> pairs, double mu1, double mu0, double w1, double w0) {
    StructType schema = new StructType().add("_key", "long").add("_b", "double");
    JavaRDD<Row> terms = units.filter(AnalysisUnit::observed)
        .map(u -> RowFactory.create(u.key, u.omega * u.subset * (u.y - (u.t > 0 ? mu1 : mu0)) / (u.t > 0 ? w1 : w0)));
    Dataset<Row> b = spark.createDataFrame(terms, schema);
    Dataset<Row> k = pairs.groupBy("t_key").agg(count(lit(1)).as("_k"));
    Dataset<Row> controlRows = pairs.join(k, "t_key").join(b.withColumnRenamed("_key", "c_key"), "c_key")
        .withColumn("_r", col("_b").divide(col("_k")));
    Dataset<Row> perPair = controlRows.groupBy("t_key").agg(sum("_r").as("_s0"), sum(col("_r").multiply(col("_r"))).as("_r00"), count(lit(1)).as("_n0"));
    Dataset<Row> perControl = controlRows.groupBy("c_key").agg(sum("_r").as("_u"));
    Dataset<Row> treated = k.join(b.withColumnRenamed("_key", "t_key"), new String[] {"t_key"}, "left")
        .join(perPair, new String[] {"t_key"}, "left")
        .select(coalesce(col("_b"), lit(0.0)).as("_s1"), when(col("_b").isNull(), 0L).otherwise(1L).as("_n1"),
            coalesce(col("_s0"), lit(0.0)).as("_s0"), coalesce(col("_r00"), lit(0.0)).as("_r00"), coalesce(col("_n0"), lit(0L)).as("_n0"));
    Dataset<Row> pairSums = treated.agg(sum(col("_s1").multiply(col("_s1"))), sum(col("_s0").multiply(col("_s0"))), sum(col("_s1").multiply(col("_s0"))),
        sum(when(col("_n1").plus(col("_n0")).gt(0), 1L).otherwise(0L)), sum("_r00"), sum(col("_n1").plus(col("_n0"))), sum("_n1"));
    // driver-safe: one row of sums
    Row p = pairSums.first();
    // driver-safe: one row of sums
    Row c = perControl.agg(sum(col("_u").multiply(col("_u"))), count(lit(1))).first();
    double pair11 = num(p, 0);
    double[] a = {pair11, num(p, 1), num(p, 2), num(p, 3), pair11, num(c, 0), num(p, 6) + num(c, 1), pair11, num(p, 4), num(p, 5)};
    return sums(a).variances();
  }

  private static double num(Row r, int i) {
    return r.isNullAt(i) ? 0 : ((Number) r.get(i)).doubleValue();
  }

  private static Sums sums(double[] a) {
    return new Sums(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9]);
  }
}
