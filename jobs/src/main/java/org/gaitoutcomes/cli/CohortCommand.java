package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.cohort.CohortStage;
import org.gaitoutcomes.cohort.CohortSummary;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.schema.Schemas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Builds the study cohort and its attrition table from curated tables and baseline features. */
@Command(name = "cohort", mixinStandardHelpOptions = true,
    description = "Build the analysis cohort (index day, arm, covariates, outcomes, eligibility) and its attrition table.")
public final class CohortCommand extends SparkCommand {
  @Option(names = "--curated", paramLabel = "DIR", required = true,
      description = "Folder holding the curated tables patients/, treatments/, outcomes/ (Parquet), as written by ingest.")
  String curated;

  @Option(names = "--features", paramLabel = "DIR",
      description = "Baseline features folder (Parquet, contract baseline_features). Default: none, foot covariates null.")
  String features;

  @Option(names = "--output", paramLabel = "DIR", required = true,
      description = "Output folder: cohort/ (Parquet, patient-level), attrition.json, attrition.csv, run.json.")
  String output;

  @Mixin
  SettingsOption specFile;

  @Override
  protected Map<String, String> outputs() {
    return IoChecks.paths("--output", output);
  }

  @Override
  protected Map<String, String> inputs() {
    return IoChecks.paths("--curated", curated, "--features", features, "--spec", specFile.file);
  }

  @Override
  protected void checkInputs(Configuration hadoop) {
    IoChecks.requireCommitted(hadoop, "--curated", curated);
    if (features != null && HadoopFiles.exists(hadoop, features)) {
      IoChecks.requireCommitted(hadoop, "--features", features);
    }
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (features != null && !HadoopFiles.exists(hadoop, features)) {
      throw new org.gaitoutcomes.GaitException("--features folder not found: " + HadoopFiles.fileName(features) + "/");
    }
    Config config = specFile.load(hadoop, Map.of());
    RunManifest manifest = CommandManifest.start("cohort", spark, config, specFile, "curated", curated, "features", features);
    for (String table : new String[] {Schemas.PATIENTS, Schemas.TREATMENTS, Schemas.OUTCOMES}) {
      String uri = curated + "/" + table;
      if (HadoopFiles.exists(hadoop, uri)) {
        manifest.input(hadoop, table, uri);
      }
    }
    if (features != null) {
      manifest.input(hadoop, Schemas.BASELINE_FEATURES, features);
    }
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      CohortSummary summary = manifest.timed("cohort",
          () -> CohortStage.run(spark, config, curated, features, out.root()), CohortSummary::describe, CohortSummary::stageCounts);
      manifest.section("cohort", summary);
      manifest.write(hadoop, out.root());
      out.commit();
    }
  }
}
