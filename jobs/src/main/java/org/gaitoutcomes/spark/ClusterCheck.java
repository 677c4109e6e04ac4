package org.gaitoutcomes.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * A small, deterministic, synthetic Spark job that proves a cluster can run this project before a
 * study is submitted to it: project code runs on the executors (the jar reached them), a shuffle,
 * a window and a join work, Parquet is written through the output URI's file system, and a small
 * aggregate comes back to the driver. The same input parameters give the same output on any master
 * and any partitioning. No real data is read; the rows are generated from their index.
 *
 * <p>Writes into the folder it is given (the command commits it): {@code rows/} (the generated
 * rows), {@code groups/} (one aggregate row per group), {@code top/} (the three largest values per
 * group) and {@code summary.json}.
 */
public final class ClusterCheck {
  /** Number of groups the rows fall into. */
  public static final int GROUPS = 37;

  /**
   * Project code run inside every task. A UDF on purpose: the check must fail when the jar's classes
   * cannot be loaded on the executors, which a built-in expression would never notice.
   */
  static final UserDefinedFunction DIGIT_SUM = udf((UDF1<Long, Integer>) ClusterCheck::digitSum, DataTypes.IntegerType);

  private ClusterCheck() {}

  /** What the check produced: counts and whole-number totals that must match across masters. */
  public record Summary(long rows, int groups, long valueTotal, long digitSumTotal, long topRows) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rows", rows);
      m.put("groups", groups);
      m.put("value_total", valueTotal);
      m.put("digit_sum_total", digitSumTotal);
      m.put("top_rows", topRows);
      return m;
    }
  }

  /** Sum of the decimal digits of {@code n} (n >= 0). */
  public static int digitSum(Long n) {
    long v = Math.abs(n);
    int s = 0;
    while (v > 0) {
      s += (int) (v % 10);
      v /= 10;
    }
    return s;
  }

  /** Generates {@code rows} rows in {@code partitions} partitions, runs the check and writes into {@code outputUri}. */
  public static Summary run(SparkSession spark, long rows, int partitions, String outputUri) {
    if (rows < 1 || partitions < 1) {
      throw new IllegalArgumentException("rows and partitions must be positive, got " + rows + " and " + partitions);
    }
    Dataset<Row> generated = generate(spark, rows, partitions);
    generated.write().mode(SaveMode.ErrorIfExists).parquet(outputUri + "/rows");

    Dataset<Row> written = spark.read().parquet(outputUri + "/rows");
    Dataset<Row> groups = written.transform(ClusterCheck::groupTotals);
    groups.write().mode(SaveMode.ErrorIfExists).parquet(outputUri + "/groups");

    Dataset<Row> top = written.transform(ClusterCheck::withGroupMean).transform(ClusterCheck::topThreePerGroup);
    top.write().mode(SaveMode.ErrorIfExists).parquet(outputUri + "/top");

    Dataset<Row> writtenGroups = spark.read().parquet(outputUri + "/groups");
    // driver-safe: one row of totals over the GROUPS aggregate rows
    Row totals = writtenGroups.agg(sum("n"), count(lit(1)), sum("value_total"), sum("digit_sum_total")).first();
    long topRows = spark.read().parquet(outputUri + "/top").count();
    return new Summary(totals.getLong(0), (int) totals.getLong(1), totals.getLong(2), totals.getLong(3), topRows);
  }

  /** Rows {@code id, grp, value, digits}: group and value are hashes of the id, so any partitioning gives the same rows. */
  static Dataset<Row> generate(SparkSession spark, long rows, int partitions) {
    return spark.range(0, rows, 1, partitions)
        .withColumn("grp", pmod(xxhash64(col("id")), lit(GROUPS)).cast("int"))
        .withColumn("value", pmod(xxhash64(col("id"), lit(17)), lit(1000)).cast("long"))
        .withColumn("digits", DIGIT_SUM.apply(col("id")));
  }

  /** One row per group: count, whole-number totals, min, max, mean and sample standard deviation of value. */
  static Dataset<Row> groupTotals(Dataset<Row> rows) {
    return rows.groupBy("grp").agg(
        count(lit(1)).as("n"),
        sum("value").as("value_total"),
        sum(col("digits").cast("long")).as("digit_sum_total"),
        min("value").as("value_min"),
        max("value").as("value_max"),
        avg("value").as("value_mean"),
        stddev_samp("value").as("value_sd"));
  }

  /** Adds the group's mean value (a shuffle join of the rows with their group aggregate). */
  static Dataset<Row> withGroupMean(Dataset<Row> rows) {
    Dataset<Row> means = rows.groupBy("grp").agg(avg("value").as("group_mean"));
    return rows.join(means, "grp");
  }

  /** The three largest values per group (ties broken by id), with their distance from the group mean. */
  static Dataset<Row> topThreePerGroup(Dataset<Row> rows) {
    return rows
        .withColumn("rank", row_number().over(Window.partitionBy("grp").orderBy(col("value").desc(), col("id"))))
        .where(col("rank").leq(3))
        .select(col("grp"), col("rank"), col("id"), col("value"), col("value").minus(col("group_mean")).as("above_mean"));
  }

  /** Names of the tables {@link #run} writes, for readers and tests. */
  public static List<String> tables() {
    return List.of("rows", "groups", "top");
  }
}
