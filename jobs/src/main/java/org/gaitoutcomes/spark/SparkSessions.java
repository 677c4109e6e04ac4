package org.gaitoutcomes.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the one SparkSession a command runs in. Precedence for the master: an explicit
 * {@code --master}, else whatever spark-submit already set ({@code spark.master}), else
 * {@code local[*]}. {@code --conf} pairs override the project defaults below. Logic never builds a
 * session itself: it is always passed in.
 */
public final class SparkSessions {
  /** Used when neither {@code --master} nor spark-submit names a master. */
  public static final String DEFAULT_MASTER = "local[*]";

  /** Project defaults, each overridable with {@code --conf}. */
  public static final Map<String, String> DEFAULTS = Map.of(
      // Day offsets only, but timestamps in logs and metrics should not depend on the host's zone.
      "spark.sql.session.timeZone", "UTC",
      // Adaptive execution coalesces shuffle partitions for small data and splits skewed joins for large.
      "spark.sql.adaptive.enabled", "true",
      "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
      // Parquet outputs are compared across runs: write deterministic, widely readable files.
      "spark.sql.parquet.compression.codec", "snappy",
      "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  private SparkSessions() {}

  public static SparkSession getOrCreate(String appName, String master, Map<String, String> conf) {
    SparkConf submitted = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (master != null && !master.isBlank()) {
      builder.master(master);
    } else if (!submitted.contains("spark.master")) {
      builder.master(DEFAULT_MASTER);
    }
    boolean local = master == null ? !submitted.contains("spark.master") || submitted.get("spark.master").startsWith("local")
        : master.startsWith("local");
    if (local && !conf.containsKey("spark.ui.enabled") && !submitted.contains("spark.ui.enabled")) {
      builder.config("spark.ui.enabled", "false");
    }
    DEFAULTS.forEach((k, v) -> {
      if (!submitted.contains(k)) {
        builder.config(k, v);
      }
    });
    conf.forEach(builder::config);
    return builder.getOrCreate();
  }
}
