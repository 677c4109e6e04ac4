package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.features.FeaturesStage;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.provenance.RunManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gait-outcomes features}: per-scan pressure features and the per-patient baseline feature vector. */
@Command(name = "features", mixinStandardHelpOptions = true,
    description = "Compute pressure and gait features per scan and side (OUTPUT/scan_features/), the per-patient "
        + "baseline feature vector from the exam and scan closest before the index day (OUTPUT/baseline_features/), "
        + "and save the feature Pipelines (OUTPUT/pipeline/). OUTPUT is replaced atomically.")
public final class FeaturesCommand extends SparkCommand {
  @Option(names = "--curated", required = true, paramLabel = "DIR",
      description = "Curated folder written by ingest (foot_exams/, gait_scans/, treatments/, patients/). Required, no default.")
  String curated;

  @Option(names = "--scans", paramLabel = "DIR",
      description = "Imported canonical scans written by import-scans, added to curated gait_scans. Default: none.")
  String scans;

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
    return IoChecks.paths("--curated", curated, "--scans", scans, "--spec", specFile.file);
  }

  @Override
  protected void checkInputs(Configuration hadoop) {
    IoChecks.requireCommitted(hadoop, "--curated", curated);
    if (scans != null) {
      IoChecks.requireCommitted(hadoop, "--scans", scans);
    }
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Config settings = specFile.load(hadoop, Map.of());
    RunManifest run = CommandManifest.start("features", spark, settings, specFile, "curated", curated, "scans", scans);
    for (String table : FeaturesStage.CURATED_INPUTS) {
      run.input(hadoop, table, curated + "/" + table);
    }
    if (scans != null) {
      run.input(hadoop, "scans", scans);
    }
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      FeaturesStage.Summary s = run.timed("features", () -> FeaturesStage.run(spark, settings, curated, scans, out.root()),
          FeaturesStage.Summary::describe, FeaturesStage.Summary::stageCounts);
      run.write(hadoop, out.root());
      out.commit();
      say("features: %d patients (%d with a baseline exam, %d with a baseline scan), %d scan sides%n",
          s.patients(), s.patientsWithExam(), s.patientsWithScan(), s.scanSides());
    }
  }
}
