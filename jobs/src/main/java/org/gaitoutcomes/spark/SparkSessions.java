package org.gaitoutcomes.spark;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
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

  /** Shuffle property sized per stage by {@link #withShufflePartitionsFor}, unless the user set it. */
  public static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  /**
   * Input bytes per initial shuffle partition when a stage sizes its shuffles: 64 MiB, Spark's own
   * advisory post-shuffle partition size ({@code spark.sql.adaptive.advisoryPartitionSizeInBytes}).
   */
  public static final long BYTES_PER_SHUFFLE_PARTITION = 64L << 20;

  private SparkSessions() {}

  /**
   * Initial shuffle partitions for a stage reading {@code inputBytes}: one per
   * {@link #BYTES_PER_SHUFFLE_PARTITION} of input, at least {@code parallelism} (every core busy), with no
   * upper bound (large inputs get more).
   * Spark's fixed default of 200 makes every map task of a small input write 200 shuffle blocks.
   */
  public static int shufflePartitionsFor(long inputBytes, int parallelism) {
    if (inputBytes < 0) {
      throw new IllegalArgumentException("inputBytes must be >= 0, got " + inputBytes);
    }
    long bySize = (inputBytes + BYTES_PER_SHUFFLE_PARTITION - 1) / BYTES_PER_SHUFFLE_PARTITION;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(Math.max(1, parallelism), bySize));
  }

  /**
   * Runs {@code work} with {@value #SHUFFLE_PARTITIONS} sized from {@code inputBytes}
   * ({@link #shufflePartitionsFor}), then restores the session's previous value. When the user set the
   * property (spark-submit or {@code --conf}), it is left alone. Results do not depend on it: only how
   * many tasks and files a shuffle makes (adaptive execution still coalesces small partitions).
   */
  public static <T> T withShufflePartitionsFor(SparkSession spark, long inputBytes, Supplier<T> work) {
    if (spark.sparkContext().getConf().contains(SHUFFLE_PARTITIONS)) {
      return work.get();
    }
    String previous = spark.conf().get(SHUFFLE_PARTITIONS);
    spark.conf().set(SHUFFLE_PARTITIONS, shufflePartitionsFor(inputBytes, spark.sparkContext().defaultParallelism()));
    try {
      return work.get();
    } finally {
      spark.conf().set(SHUFFLE_PARTITIONS, previous);
    }
  }

  /** Total bytes under the given files or folders; absent ones count 0. */
  public static long bytesUnder(Configuration conf, String... uris) {
    long total = 0;
    for (String uri : uris) {
      if (uri == null) {
        continue;
      }
      try {
        Path p = new Path(uri);
        org.apache.hadoop.fs.FileSystem fs = p.getFileSystem(conf);
        if (fs.exists(p)) {
          total += fs.getContentSummary(p).getLength();
        }
      } catch (IOException e) {
        throw new org.gaitoutcomes.GaitException("cannot size " + new Path(uri).getName() + ": " + e.getMessage(), e);
      }
    }
    return total;
  }

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
