package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.bench.BenchHarness;
import org.gaitoutcomes.bench.BenchReport;
import org.gaitoutcomes.bench.BenchStages;
import org.gaitoutcomes.bench.Measurement;
import org.gaitoutcomes.bench.PeerComparison;
import org.gaitoutcomes.bench.StageSummary;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.provenance.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gait-outcomes bench}: times every stage at several population sizes, against a Python peer. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark: simulate populations of each size, time every stage (median and spread after warm-up), "
        + "with Spark's shuffle and input metrics, driver heap and scaling exponents, and compare the compare stage "
        + "with a single-machine Python peer. Writes CSV, JSON and a chart to OUTPUT. See bench/README.md.")
public final class BenchCommand extends SparkCommand {
  @Option(names = "--sizes", split = ",", paramLabel = "N,N,...",
      description = "Population sizes, smallest first. Default: bench.sizes (10000,100000,1000000).")
  List<Long> sizes;

  @Option(names = "--repetitions", paramLabel = "R", description = "Timed repetitions per stage and size. Default: bench.repetitions (3).")
  Integer repetitions;

  @Option(names = "--warmups", paramLabel = "W", description = "Untimed runs before the timed ones. Default: bench.warmups (1).")
  Integer warmups;

  @Option(names = "--stages", split = ",", paramLabel = "S,S,...",
      description = "Stages to time, in pipeline order. Default: bench.stages (all).")
  List<String> stages;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "bench/results/latest",
      description = "Where results go (working data under OUTPUT/work). Default: ${DEFAULT-VALUE}.")
  String output;

  @Mixin
  SettingsOption specFile;

  @Override
  protected Map<String, String> outputs() {
    return IoChecks.paths("--output", output);
  }

  /** The benchmark writes its files into OUTPUT (and working data into OUTPUT/work); it does not replace OUTPUT. */
  @Override
  protected boolean replacesOutputs() {
    return false;
  }

  @Override
  protected Map<String, String> inputs() {
    return IoChecks.paths("--spec", specFile.file);
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (sizes != null) {
      overrides.put("gait.bench.sizes", sizes);
    }
    if (repetitions != null) {
      overrides.put("gait.bench.repetitions", repetitions);
    }
    if (warmups != null) {
      overrides.put("gait.bench.warmups", warmups);
    }
    if (stages != null) {
      overrides.put("gait.bench.stages", stages);
    }
    Config settings = specFile.load(hadoop, overrides);
    Config bench = settings.getConfig("gait.bench");
    // The benchmark's seed drives the simulated populations.
    Config run = com.typesafe.config.ConfigFactory.parseMap(Map.of("gait.simulate.seed", bench.getLong("seed"))).withFallback(settings);
    List<Long> ns = bench.getLongList("sizes");
    BenchHarness harness = new BenchHarness(spark, run, BenchStages.named(bench.getStringList("stages"), output),
        bench.getInt("warmups"), bench.getInt("repetitions"));
    List<Measurement> measurements = harness.run(ns, output + "/work");
    List<StageSummary> summaries = BenchHarness.summarize(measurements);
    BenchReport.summaryTable(summaries).write(hadoop, output);
    BenchReport.writeChart(hadoop, output, "bench-chart", BenchReport.chart(summaries));
    PeerComparison peer = PeerComparison.run(spark, run, ns, output + "/work");
    peer.table().write(hadoop, output);
    RunManifest manifest = new RunManifest("bench", Map.of("sizes", ns)).spark(spark).config(Settings.toJson(run));
    manifest.write(hadoop, output);
    say("%s%s", BenchReport.text(summaries), peer.text());
  }
}
