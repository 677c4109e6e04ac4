package org.gaitoutcomes.compare;

import org.apache.spark.sql.SparkSession;

/**
 * Writes the confounded simulation as a Parquet analysis table for a scale run of the launcher
 * (run once by hand): {@code java -cp <test classpath> org.gaitoutcomes.compare.ScaleData 1000000 /tmp/table}.
 */
public final class ScaleData {
  private ScaleData() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("scale data").config("spark.ui.enabled", "false").getOrCreate();
    ConfoundedSimulation.generate(spark, Long.parseLong(args[0]), 1, 8)
        .withColumn("x2_copy", org.apache.spark.sql.functions.col("x2"))
        .write().mode("overwrite").parquet(args[1]);
    spark.stop();
  }
}
