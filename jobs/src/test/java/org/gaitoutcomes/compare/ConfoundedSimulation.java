package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A confounded observational data set with a known answer, generated in Spark from hashes of the row
 * id (so the same seed gives the same rows whatever the partitioning):
 * x1, x2 ~ N(0,1), x3 ~ Bernoulli(0.5), site uniform on A/B/C;
 * P(T=1) = expit(-0.5 + 0.8 x1 - 0.6 x2 + 0.5 x3 + 0.3 [site=A]);
 * y = 1 + x1 + 0.5 x2 + x3 + T (1 + x1) + N(0,1), so the unit effect is 1 + x1: ATE = 1, and
 * ATT, ATO are 1 + E[x1] under the treated / overlap weights (see {@link #truth}). Outcome y is
 * missing at random with P(observed) = expit(2 + 0.5 x1 - 0.5 T); yb = [y > 2] (binary); a time to
 * response (response_day, response_event) censored at day 182.
 */
final class ConfoundedSimulation {
  private ConfoundedSimulation() {}

  static Column uniform(long seed, String stream) {
    return pmod(xxhash64(col("id"), lit(seed), lit(stream)), lit(1L << 40)).cast("double").plus(0.5).divide((double) (1L << 40));
  }

  static Column normal(long seed, String stream) {
    return sqrt(log(uniform(seed, stream + "a")).multiply(-2)).multiply(cos(uniform(seed, stream + "b").multiply(2 * Math.PI)));
  }

  static Dataset<Row> generate(SparkSession spark, long n, long seed, int partitions) {
    Dataset<Row> d = spark.range(0, n, 1, partitions).withColumn("id", concat(lit("S"), col("id").cast("string")))
        .withColumn("x1", normal(seed, "x1"))
        .withColumn("x2", normal(seed, "x2"))
        .withColumn("x3", when(uniform(seed, "x3").lt(0.5), 1).otherwise(0))
        .withColumn("site", when(uniform(seed, "site").lt(1.0 / 3), "A").when(uniform(seed, "site").lt(2.0 / 3), "B").otherwise("C"));
    Column eta = lit(-0.5).plus(col("x1").multiply(0.8)).minus(col("x2").multiply(0.6)).plus(col("x3").multiply(0.5))
        .plus(when(col("site").equalTo("A"), 0.3).otherwise(0.0));
    d = d.withColumn("treated", when(uniform(seed, "t").lt(lit(1.0).divide(lit(1.0).plus(exp(eta.multiply(-1))))), 1).otherwise(0));
    Column y = lit(1.0).plus(col("x1")).plus(col("x2").multiply(0.5)).plus(col("x3"))
        .plus(col("treated").multiply(lit(1.0).plus(col("x1")))).plus(normal(seed, "noise"));
    Column observed = uniform(seed, "r").lt(lit(1.0).divide(lit(1.0).plus(exp(lit(2.0).plus(col("x1").multiply(0.5)).minus(col("treated").multiply(0.5)).multiply(-1)))));
    // Time to response: exponential with rate 0.01 exp(0.5 T + 0.3 x1) per day, censored at day 182.
    Column day = org.apache.spark.sql.functions.ceil(log(uniform(seed, "tte")).multiply(-1)
        .divide(lit(0.01).multiply(exp(col("treated").multiply(0.5).plus(col("x1").multiply(0.3))))));
    return d.withColumn("y", when(observed, y))
        .withColumn("yb", when(observed, when(y.gt(2), 1).otherwise(0)))
        .withColumn("response_day", org.apache.spark.sql.functions.least(day, lit(182)).cast("int"))
        .withColumn("response_event", when(day.leq(182), 1).otherwise(0));
  }

  /** Population ATE, ATT, ATO by Monte Carlo over the covariate distribution (4M draws: error about 0.001). */
  static double[] truth() {
    Random r = new Random(12345);
    double ate = 1;
    double sT = 0;
    double sTx = 0;
    double sO = 0;
    double sOx = 0;
    for (int i = 0; i < 4_000_000; i++) {
      double x1 = r.nextGaussian();
      double x2 = r.nextGaussian();
      double x3 = r.nextBoolean() ? 1 : 0;
      double a = r.nextInt(3) == 0 ? 1 : 0;
      double e = CausalMath.expit(-0.5 + 0.8 * x1 - 0.6 * x2 + 0.5 * x3 + 0.3 * a);
      sT += e;
      sTx += e * x1;
      sO += e * (1 - e);
      sOx += e * (1 - e) * x1;
    }
    return new double[] {ate, 1 + sTx / sT, 1 + sOx / sO};
  }
}
