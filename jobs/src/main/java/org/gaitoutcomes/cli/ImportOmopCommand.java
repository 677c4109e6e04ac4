package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.omop.ImportOmopStage;
import org.gaitoutcomes.omop.ImportOmopSummary;
import org.gaitoutcomes.provenance.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gait-outcomes import-omop}: OMOP CDM v5.4 tables into our input tables, ready for {@code run}. */
@Command(name = "import-omop", mixinStandardHelpOptions = true,
    description = "Read OMOP CDM v5.4 tables (person, observation_period, device_exposure, measurement, observation, "
        + "condition_occurrence; care_site optional; CSV with a header or Parquet) and write patients, foot_exams, treatments "
        + "and outcomes as CSV folders for `run --input OUTPUT`, with dates turned into days from each person's baseline. "
        + "Unmappable records go to OUTPUT/quarantine/, counts per OMOP table to OUTPUT/omop-summary.json. The mapping is "
        + "gait.omop in the spec (docs/omop.md).")
public final class ImportOmopCommand extends SparkCommand {
  @Option(names = "--input", required = true, paramLabel = "DIR_OR_URI",
      description = "Folder (local path, file://, hdfs://, s3a://) holding <table>.csv, <table>.parquet or <table>/ per OMOP table. "
          + "Required, no default.")
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
    RunManifest manifest = CommandManifest.start("import-omop", spark, settings, specFile, "input", input);
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      ImportOmopSummary summary = manifest.timed("import-omop", () -> ImportOmopStage.run(spark, settings, input, out.root()),
          s -> s.written().toString(), s -> {
            Map<String, Long> counts = new LinkedHashMap<>(s.written());
            counts.put("quarantined", s.quarantineRows());
            return counts;
          });
      manifest.write(hadoop, out.root());
      out.commit();
      say("%s", summary.toText());
    }
  }
}
