package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.ingest.IngestChecks;
import org.gaitoutcomes.ingest.IngestStage;
import org.gaitoutcomes.ingest.IngestSummary;
import org.gaitoutcomes.ingest.SourceTable;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.schema.Schemas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gait-outcomes ingest}: validate the input tables into curated Parquet, a quarantine table and a summary. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read the input tables (CSV, JSON lines or Parquet) against their contracts in schemas/, write "
        + "accepted records to OUTPUT/curated/<table>/, rejected ones to OUTPUT/quarantine/ and counts to "
        + "OUTPUT/ingest-summary.json. OUTPUT is replaced atomically: a failed run leaves a previous output untouched.")
public final class IngestCommand extends SparkCommand {
  @Option(names = "--input", required = true, paramLabel = "DIR",
      description = "Input folder (file://, hdfs://, s3a:// or a local path) holding <table>.csv|.jsonl|.parquet or <table>/ "
          + "for patients, treatments, outcomes (required) and foot_exams, gait_scans (optional). Required, no default.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder, replaced atomically. Required, no default.")
  String output;

  @Mixin
  SettingsOption specFile;

  @Override
  protected Map<String, String> outputs() {
    return IoChecks.paths("--output", output);
  }

  @Override
  protected Map<String, String> inputs() {
    return IoChecks.paths("--input", input, "--spec", specFile.file);
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Config settings = specFile.load(hadoop, Map.of());
    RunManifest manifest = CommandManifest.start("ingest", spark, settings, specFile, "input", input);
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      long start = System.nanoTime();
      IngestSummary summary;
      try {
        summary = IngestStage.run(spark, settings, input, out.root());
      } catch (IngestChecks.Rejected rejected) {
        // Written but invalid: kept in place for inspection, without the commit marker.
        say("%s", rejected.summary().toText());
        out.publishUncommitted();
        throw rejected;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      for (String table : Schemas.INGEST_TABLES) {
        SourceTable.locate(hadoop, input, Schemas.get(table)).ifPresent(s -> manifest.input(hadoop, table, s.uri()));
      }
      Map<String, Long> counts = new LinkedHashMap<>();
      summary.tables().forEach(t -> counts.put(t.table() + ".accepted", t.rowsAccepted()));
      summary.tables().forEach(t -> counts.put(t.table() + ".quarantined", t.rowsQuarantined()));
      manifest.stage("ingest", seconds, counts).section("ingest", summary.toJsonTree());
      manifest.write(hadoop, out.root());
      out.commit();
      say("%s", summary.toText());
    }
  }
}
