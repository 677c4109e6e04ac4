package org.gaitoutcomes.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.spark.ClusterCheck;
import org.gaitoutcomes.spark.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Runs {@link ClusterCheck}: a synthetic job that shows a cluster and an output location work, before a study runs there. */
@Command(name = "cluster-check", mixinStandardHelpOptions = true,
    description = "Check that a Spark cluster and an output location work for gait-outcomes: a small synthetic, "
        + "deterministic job (project code on the executors, shuffle, window, join, Parquet written through the "
        + "output's file system). Reads no data.")
public final class ClusterCheckCommand extends SparkCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--output", required = true, paramLabel = "URI",
      description = "Output folder (file://, hdfs://, s3a://...); replaced if it exists.")
  String output;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "200000",
      description = "Synthetic rows to generate. Default: ${DEFAULT-VALUE}.")
  long rows;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "8",
      description = "Partitions (tasks) to generate them in. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Override
  protected void validate() {
    if (rows < 1) {
      throw new ParameterException(spec.commandLine(), "--rows must be at least 1, got " + rows);
    }
    if (partitions < 1) {
      throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
    }
  }

  @Override
  protected Map<String, String> outputs() {
    return IoChecks.paths("--output", output);
  }

  @Override
  protected Map<String, String> inputs() {
    return IoChecks.paths();
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("rows", rows);
    options.put("partitions", partitions);
    RunManifest manifest = new RunManifest("cluster-check", options).spark(spark);
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      long start = System.nanoTime();
      ClusterCheck.Summary summary = Progress.stage("cluster-check", () -> ClusterCheck.run(spark, rows, partitions, out.root()),
          s -> s.rows() + " rows in " + s.groups() + " groups");
      manifest.stage("cluster-check", (System.nanoTime() - start) / 1e9, summary.toMap());
      HadoopFiles.writeString(hadoop, out.path("summary.json"), toJson(summary.toMap()));
      manifest.write(hadoop, out.root());
      out.commit();
    }
    Progress.info("cluster-check: wrote " + HadoopFiles.fileName(output));
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
