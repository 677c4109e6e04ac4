package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.ingest.SourceTable;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.pipeline.OutputLayout;
import org.gaitoutcomes.pipeline.Pipeline;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.schema.Schemas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gait-outcomes run}: the whole pipeline into one atomically replaced output folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the whole pipeline: ingest, scan import, features, cohort, compare, report. Writes OUTPUT/curated/, "
        + "quarantine/, scans/, features/, cohort/, results/, report/ and run.json; OUTPUT is replaced atomically.")
public final class RunCommand extends SparkCommand {
  @Option(names = "--input", required = true, paramLabel = "DIR",
      description = "Input folder holding the input tables (see schemas/) and optionally scans/ with manifest.csv. Required.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output folder, replaced atomically. Required.")
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
    Config config = specFile.load(hadoop, Map.of());
    RunManifest manifest = CommandManifest.start("run", spark, config, specFile, "input", input);
    for (String table : Schemas.INGEST_TABLES) {
      SourceTable.locate(hadoop, input, Schemas.get(table)).ifPresent(s -> manifest.input(hadoop, table, s.uri()));
    }
    String scans = input + "/" + Pipeline.SCANS_FOLDER;
    if (HadoopFiles.exists(hadoop, scans)) {
      manifest.input(hadoop, "scans", scans);
    }
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      try {
        Pipeline.run(spark, config, input, new OutputLayout(out.root()), manifest);
      } catch (org.gaitoutcomes.ingest.IngestChecks.Rejected rejected) {
        // Ingest finished but the input fails a run check: keep what was written for inspection, uncommitted.
        say("%s", rejected.summary().toText());
        out.publishUncommitted();
        throw rejected;
      }
      manifest.write(hadoop, out.root());
      out.commit();
    }
    say("gait-outcomes run: wrote %s%n", output);
  }
}
