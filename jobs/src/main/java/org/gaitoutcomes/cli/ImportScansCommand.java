package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.scans.ImportScansStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gait-outcomes import-scans}: native pedar/F-Scan/emed exports into canonical gait_scans Parquet. */
@Command(name = "import-scans", mixinStandardHelpOptions = true,
    description = "Parse the native plantar-pressure exports (pedar .asc, F-Scan .asf, emed .lst) listed in a scan "
        + "manifest into canonical gait_scans Parquet in OUTPUT, and every bad manifest row or unreadable file into "
        + "OUTPUT-quarantine (schema quarantine). Header metadata (file paths, subjects, serials, dates) is never kept. "
        + "Both folders are replaced atomically.")
public final class ImportScansCommand extends SparkCommand {
  @Option(names = "--scans", required = true, paramLabel = "DIR",
      description = "Folder of native exports (file://, hdfs://, s3a:// or a local path). Required, no default.")
  String scans;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "Scan manifest CSV (schema scan_manifest; file paths relative to DIR). Default: DIR/manifest.csv.")
  String manifest;

  @Option(names = "--output", required = true, paramLabel = "DIR",
      description = "Output folder for gait_scans Parquet; quarantine goes to DIR-quarantine. Required, no default.")
  String output;

  @Mixin
  SettingsOption specFile;

  private String manifestUri() {
    return manifest != null ? manifest : scans.replaceAll("/+$", "") + "/manifest.csv";
  }

  private String quarantine() {
    return output.replaceAll("/+$", "") + "-quarantine";
  }

  @Override
  protected Map<String, String> outputs() {
    return IoChecks.paths("--output", output, "--output (quarantine)", quarantine());
  }

  @Override
  protected Map<String, String> inputs() {
    return IoChecks.paths("--scans", scans, "--manifest", manifestUri(), "--spec", specFile.file);
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Config settings = specFile.load(hadoop, Map.of());
    String manifestUri = manifestUri();
    String quarantine = quarantine();
    Map<String, Object> options = new LinkedHashMap<>();
    // File names only: full paths of source data may identify the provider.
    options.put("scans", HadoopFiles.fileName(scans));
    // A manifest named after a person or a clinic is recorded as withheld-1.csv, like an input file.
    options.put("manifest", RunManifest.shownFileName("manifest", HadoopFiles.fileName(manifestUri), 1));
    options.put("spec", specFile.name());
    RunManifest run = new RunManifest("import-scans", options).spark(spark).config(Settings.toJson(settings));
    try (StagedOutput out = StagedOutput.begin(hadoop, output); StagedOutput bad = StagedOutput.begin(hadoop, quarantine)) {
      run.input(hadoop, "scan_manifest", manifestUri);
      ImportScansStage.Summary s = run.timed("import-scans",
          () -> ImportScansStage.run(spark, settings, scans, manifestUri, out.root(), bad.root()),
          ImportScansStage.Summary::describe, ImportScansStage.Summary::stageCounts);
      // OUTPUT is itself a Parquet table: the manifest goes under a name Parquet readers skip.
      HadoopFiles.writeString(hadoop, out.root() + "/_run.json", run.toJson());
      bad.commit();
      out.commit();
      say("import-scans: %d files listed, %d imported (%d scan rows), %d quarantined%n",
          s.filesListed(), s.filesImported(), s.scanRows(), s.filesQuarantined());
    }
  }
}
