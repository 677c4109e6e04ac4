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
    // columns: stage, patients, median, spread, rows/s, shuffle, driver, exponent, jobs, x scan
    assertTrue(text.lines().anyMatch(l -> l.startsWith("jobs3") && l.trim().split("\\s+")[8].equals("3")), text);
    assertEquals(3L, BenchReport.summaryTable(summaries).rows().get(0).get("spark_jobs"));
  }

  @Test
  void ingestIsReportedAgainstTheDuckDbScanWhichStaysOutOfThePipelineTotal() {
    // hand-made medians: ingest 30 s and 40 s, scan 3 s and 2 s, features 5 s; ratios 30/3 = 10 and 40/2 = 20
    List<Measurement> ms = List.of(
        new Measurement("duckdb_scan", 100, 1, 3.0, 1000, 0, 0, 0, 1, 1),
        new Measurement("ingest", 100, 1, 30.0, 1000, 0, 0, 0, 1, 1),
        new Measurement("features", 100, 1, 5.0, 200, 0, 0, 0, 1, 1),
        new Measurement("duckdb_scan", 200, 1, 2.0, 2000, 0, 0, 0, 1, 1),
        new Measurement("ingest", 200, 1, 40.0, 2000, 0, 0, 0, 1, 1),
        new Measurement("features", 200, 1, 5.0, 400, 0, 0, 0, 1, 1));
    List<StageSummary> summaries = BenchHarness.summarize(ms);
    StageSummary ingest100 = summaries.stream().filter(s -> s.stage().equals("ingest") && s.patients() == 100).findFirst().orElseThrow();
    StageSummary ingest200 = summaries.stream().filter(s -> s.stage().equals("ingest") && s.patients() == 200).findFirst().orElseThrow();
    assertEquals(10.0, ingest100.timesYardstick(), 1e-12);
    assertEquals(20.0, ingest200.timesYardstick(), 1e-12);
    assertEquals(null, summaries.stream().filter(s -> s.stage().equals("features")).findFirst().orElseThrow().timesYardstick());
    StageSummary total200 = summaries.get(summaries.size() - 1);
    assertEquals(StageSummary.PIPELINE, total200.stage());
    assertEquals(45.0, total200.medianSeconds(), 1e-12);
    assertEquals(20.0, BenchReport.summaryTable(summaries).rows().stream()
        .filter(r -> r.get("stage").equals("ingest") && r.get("patients").equals(200L)).findFirst().orElseThrow().get("times_yardstick"));
    assertTrue(BenchReport.text(summaries).lines().anyMatch(l -> l.startsWith("ingest") && l.trim().endsWith("20.0")));
  }

  @Test
  void theYardstickIsLeftOutWhereDuckDbCannotReadTheFiles() {
    List<String> names = List.of("simulate", BenchStages.DUCKDB_SCAN, "ingest");
    assertEquals(names, BenchStages.named(names, "file:/tmp/bench").stream().map(BenchStage::name).toList());
    assertEquals(List.of("simulate", "ingest"), BenchStages.named(names, "hdfs://nn:8020/bench").stream().map(BenchStage::name).toList());
  }
}
