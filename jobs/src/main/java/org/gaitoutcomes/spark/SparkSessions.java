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
      // Adaptive execution coalesces shuffle partitions and splits skewed joins; a stage with a small input turns it off (withShufflesSizedFor).
      "spark.sql.adaptive.enabled", "true",
      "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
      // Parquet outputs are compared across runs: write deterministic, widely readable files.
      "spark.sql.parquet.compression.codec", "snappy",
      "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");

  /** Shuffle property sized per stage by {@link #withShufflesSizedFor}, unless the user set it. */
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

  /** Adaptive query execution, on by default ({@link #DEFAULTS}); off in a stage with a small input ({@link #withShufflesSizedFor}). */
  public static final String ADAPTIVE = "spark.sql.adaptive.enabled";

  /**
   * True when a stage reading {@code inputBytes} is small: at most one
   * {@link #BYTES_PER_SHUFFLE_PARTITION} of input per core, so that its shuffles already have the
   * fewest partitions {@link #shufflePartitionsFor} gives.
   */
  public static boolean isSmallInput(long inputBytes, int parallelism) {
    return inputBytes <= (long) Math.max(1, parallelism) * BYTES_PER_SHUFFLE_PARTITION;
  }

  /**
   * Runs {@code work} with its shuffles set for a stage reading {@code inputBytes}, then restores the
   * session's previous values:
   * <ul>
   *   <li>{@value #SHUFFLE_PARTITIONS} sized by {@link #shufflePartitionsFor}, unless the user set it
   *       (spark-submit or {@code --conf});
   *   <li>{@value #ADAPTIVE} off when the input is small ({@link #isSmallInput}). Adaptive execution
   *       then has nothing to coalesce, yet it runs every query stage (each shuffle, broadcast and first
   *       read of a cached frame) as a Spark job of its own: on the 2,500-patient sample, ingest ran 35
   *       jobs with it and 24 without, and the whole run 110 and 70. Larger inputs keep it for coalescing
   *       and skewed joins.
   * </ul>
   * Neither changes the rows a stage writes, only how many tasks, jobs and files it takes (the
   * sample's ingest, features and cohort tables are the same rows either way). Compare's numbers can
   * move in their last bits (about 1e-13 relative on the sample): sums over a table split another way
   * add in another order.
   */
  public static <T> T withShufflesSizedFor(SparkSession spark, long inputBytes, Supplier<T> work) {
    int parallelism = spark.sparkContext().defaultParallelism();
    Map<String, String> settings = new java.util.LinkedHashMap<>();
    if (!spark.sparkContext().getConf().contains(SHUFFLE_PARTITIONS)) {
      settings.put(SHUFFLE_PARTITIONS, Integer.toString(shufflePartitionsFor(inputBytes, parallelism)));
    }
    if (isSmallInput(inputBytes, parallelism)) {
      settings.put(ADAPTIVE, "false");
    }
    Map<String, String> previous = new java.util.LinkedHashMap<>();
    settings.keySet().forEach(k -> previous.put(k, spark.conf().get(k)));
    settings.forEach(spark.conf()::set);
    try {
      return work.get();
    } finally {
      previous.forEach(spark.conf()::set);
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
