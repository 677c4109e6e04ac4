package org.gaitoutcomes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFoldersTest {
  @TempDir
  Path tmp;

  @Test
  void readsTheFooterSchemaWithoutASparkJobAndGivesWhatSparkInfers() throws Exception {
    SparkSession spark = SparkTestSession.get();
    String uri = tmp.resolve("t").toString();
    spark.range(0, 50, 1, 3).selectExpr("id", "cast(id as int) as i", "cast(id * 0.5 as double) as d",
        "concat('P', id) as s", "array(cast(id as float), 1.5f) as a", "named_struct('x', id, 'y', 'z') as st")
        .write().parquet(uri);

    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        jobs.incrementAndGet();
      }
    };
    spark.sparkContext().addSparkListener(counter);
    try {
      Dataset<Row> fast = ParquetFolders.read(spark, uri);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertEquals(0, jobs.get(), "no job to read the schema");
      Dataset<Row> inferred = spark.read().parquet(uri);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      assertTrue(jobs.get() >= 1, "Spark's inference runs a job");
      assertEquals(inferred.schema(), fast.schema());
      assertEquals(0, fast.exceptAll(inferred).count());
      assertEquals(50, fast.count());
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }

  @Test
  void fallsBackToSparkWhenThereIsNoFooterToRead() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertNull(ParquetFolders.footerSchema(spark.sparkContext().hadoopConfiguration(), empty.toString()));
    assertNull(ParquetFolders.footerSchema(spark.sparkContext().hadoopConfiguration(), tmp.resolve("absent").toString()));
    Path notParquet = Files.writeString(tmp.resolve("x.txt"), "not parquet");
    assertNull(ParquetFolders.footerSchema(spark.sparkContext().hadoopConfiguration(), notParquet.toString()));
  }

  @Test
  void shufflePartitionsGrowWithInputSize() {
    assertEquals(2, SparkSessions.shufflePartitionsFor(0, 2));
    assertEquals(2, SparkSessions.shufflePartitionsFor(13L << 20, 2));
    assertEquals(8, SparkSessions.shufflePartitionsFor(13L << 20, 8));
    assertEquals(47, SparkSessions.shufflePartitionsFor(3000L << 20, 2));
    assertEquals(1, SparkSessions.shufflePartitionsFor(1, 0));
  }

  @Test
  void aShufflePartitionCountTheUserSetIsLeftAlone() {
    SparkSession spark = SparkTestSession.get();
    // The shared test session sets spark.sql.shuffle.partitions=4 at start, as --conf would.
    String inside = SparkSessions.withShufflesSizedFor(spark, 10L << 30, () -> spark.conf().get(SparkSessions.SHUFFLE_PARTITIONS));
    assertEquals("4", inside);
    assertEquals("4", spark.conf().get(SparkSessions.SHUFFLE_PARTITIONS));
  }

  @Test
  void aSmallInputRunsWithoutAdaptiveExecutionThenTheSettingIsRestored() {
    SparkSession spark = SparkTestSession.get();
    // 64 MiB per core or less (the test session has 4 cores): nothing for adaptive execution to coalesce.
    assertTrue(SparkSessions.isSmallInput(256L << 20, 4));
    assertFalse(SparkSessions.isSmallInput((256L << 20) + 1, 4));
    assertEquals("false", SparkSessions.withShufflesSizedFor(spark, 13L << 20, () -> spark.conf().get(SparkSessions.ADAPTIVE)));
    assertEquals("true", spark.conf().get(SparkSessions.ADAPTIVE));
    assertEquals("true", SparkSessions.withShufflesSizedFor(spark, 10L << 30, () -> spark.conf().get(SparkSessions.ADAPTIVE)));
    assertThrows(IllegalStateException.class, () -> SparkSessions.withShufflesSizedFor(spark, 0, () -> {
      throw new IllegalStateException("stage failed");
    }));
    assertEquals("true", spark.conf().get(SparkSessions.ADAPTIVE));
  }
}
