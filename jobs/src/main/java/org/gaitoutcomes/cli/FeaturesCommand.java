package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.features.FeaturesStage;
import org.gaitoutcomes.io.HadoopFiles;
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
    Map<String, Object> options = new LinkedHashMap<>();
    // Folder names only: full paths of source data may identify the provider.
    options.put("curated", HadoopFiles.fileName(curated));
    options.put("scans", scans == null ? null : HadoopFiles.fileName(scans));
    options.put("spec", specFile.name());
    RunManifest run = new RunManifest("features", options).spark(spark).config(Settings.toJson(settings));
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      long start = System.nanoTime();
      FeaturesStage.Summary s = FeaturesStage.run(spark, settings, curated, scans, out.root());
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("patients", s.patients());
      counts.put("patients_with_exam", s.patientsWithExam());
      counts.put("patients_with_scan", s.patientsWithScan());
      counts.put("scan_sides", s.scanSides());
      run.stage("features", seconds, counts);
      run.write(hadoop, out.root());
      out.commit();
      say("features: %d patients (%d with a baseline exam, %d with a baseline scan), %d scan sides%n",
          s.patients(), s.patientsWithExam(), s.patientsWithScan(), s.scanSides());
    }
  }
}
