package org.gaitoutcomes.bench;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.results.ResultTable;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchHarnessTest {
  /** Writes n rows aggregated into 10 groups: a shuffle and a write. */
  static final class MakeStage implements BenchStage {
    @Override
    public String name() {
      return "make";
    }

    @Override
    public long run(SparkSession spark, Context c) {
      spark.range(c.patients()).withColumn("g", col("id").mod(10)).repartition(3, col("g"))
          .write().mode(SaveMode.Overwrite).parquet(c.path("make"));
      return c.patients();
    }
  }

  /** Reads what MakeStage wrote: input bytes, no shuffle beyond the count's. */
  static final class ReadStage implements BenchStage {
    @Override
    public String name() {
      return "read";
    }

    @Override
    public long run(SparkSession spark, Context c) {
      return spark.read().parquet(c.path("make")).count();
    }
  }

  @Test
  void measuresEveryStageAtEverySizeWithSparkMetrics(@TempDir Path tmp) throws Exception {
    SparkSession spark = SparkTestSession.get();
    BenchHarness harness = new BenchHarness(spark, ConfigFactory.empty(), List.of(new MakeStage(), new ReadStage()), 1, 2);
    List<Measurement> ms = harness.run(List.of(200L, 400L), tmp.toUri().toString());
    assertEquals(2 * 2 * 2, ms.size());
    Measurement make400 = ms.stream().filter(m -> m.stage().equals("make") && m.patients() == 400).findFirst().orElseThrow();
    assertEquals(400, make400.rows());
    assertTrue(make400.shuffleWriteBytes() > 0, "repartition shuffles: " + make400);
    Measurement read400 = ms.stream().filter(m -> m.stage().equals("read") && m.patients() == 400).findFirst().orElseThrow();
    assertEquals(400, read400.rows());
    assertTrue(read400.inputBytes() > 0, "parquet read has input bytes: " + read400);
    assertTrue(read400.driverPeakHeapBytes() > 0);

    List<StageSummary> summaries = BenchHarness.summarize(ms);
    assertEquals(6, summaries.size());
    assertEquals(null, summaries.get(0).scalingExponent());
    assertTrue(summaries.get(1).scalingExponent() != null);
    // The pipeline row at each size adds up the stages' medians.
    StageSummary total400 = summaries.get(5);
    assertEquals(StageSummary.PIPELINE, total400.stage());
    assertEquals(400, total400.patients());
    assertEquals(summaries.get(1).medianSeconds() + summaries.get(3).medianSeconds(), total400.medianSeconds(), 1e-12);
    assertTrue(total400.scalingExponent() != null);

    String out = tmp.resolve("out").toUri().toString();
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    BenchReport.summaryTable(summaries).write(conf, out);
    BenchReport.writeChart(conf, out, "bench-chart", BenchReport.chart(summaries));
    for (String f : List.of("bench_summary.json", "bench_summary.csv", "bench-chart.svg", "bench-chart.png")) {
      assertTrue(Files.size(tmp.resolve("out").resolve(f)) > 100, f);
    }
    ResultTable back = ResultTable.read(conf, out, "bench_summary");
    assertEquals(6, back.rows().size());
    String text = BenchReport.text(summaries);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("read") && l.contains("400")), text);
  }

  /** Exactly three Spark jobs per run: three RDD counts (one job each). */
  static final class ThreeJobsStage implements BenchStage {
    @Override
    public String name() {
      return "jobs3";
    }

    @Override
    public long run(SparkSession spark, Context c) {
      org.apache.spark.api.java.JavaSparkContext jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
      long n = 0;
      for (int i = 0; i < 3; i++) {
        n = jsc.parallelize(java.util.Arrays.asList(1, 2, 3, 4), 2).count();
      }
      return n;
    }
  }

  @Test
  void countsTheSparkJobsOfEachRun(@TempDir Path tmp) {
    SparkSession spark = SparkTestSession.get();
    BenchHarness harness = new BenchHarness(spark, ConfigFactory.empty(), List.of(new ThreeJobsStage(), new ThreeJobsStage()), 1, 2);
    List<Measurement> ms = harness.run(List.of(10L), tmp.toUri().toString());
    assertEquals(4, ms.size());
    for (Measurement m : ms) {
      assertEquals(3, m.sparkJobs(), m.toString());
    }
    List<StageSummary> summaries = BenchHarness.summarize(java.util.List.of(ms.get(0), ms.get(1)));
    assertEquals(3, summaries.get(0).medianSparkJobs());
    String text = BenchReport.text(summaries);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("jobs3") && l.trim().endsWith(" 3")), text);
    assertEquals(3L, BenchReport.summaryTable(summaries).rows().get(0).get("spark_jobs"));
  }
}
