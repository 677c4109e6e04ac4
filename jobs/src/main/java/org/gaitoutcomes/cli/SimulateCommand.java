package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.omop.OmopExport;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.simulate.SimulateStage;
import org.gaitoutcomes.simulate.SimulateSummary;
import org.gaitoutcomes.simulate.SimulationParams;
import org.gaitoutcomes.simulate.SimulationReadme;
import org.gaitoutcomes.spark.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Writes a synthetic population with known ground truth in the input layout that ingest reads. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate N patients (all input tables, optional native vendor exports, ground truth in truth/).")
public final class SimulateCommand extends SparkCommand {
  @Option(names = "--patients", paramLabel = "N", required = true, description = "Patients to simulate (>= 1). Required.")
  long patients;

  @Option(names = "--seed", paramLabel = "S", description = "Master seed. Default: simulate.seed (42).")
  Long seed;

  @Option(names = "--output", paramLabel = "DIR", required = true,
      description = "Output folder (any Hadoop URI); replaced atomically. Required.")
  String output;

  @Mixin
  SettingsOption specFile;

  @Option(names = "--vendor-share", paramLabel = "F",
      description = "Share of baseline recordings also written as pedar/F-Scan exports under scans/. Default: simulate.vendor_share (0).")
  Double vendorShare;

  @Option(names = "--inject-errors", paramLabel = "K",
      description = "Deliberately bad records spread over the tables. Default: simulate.inject_errors (0).")
  Integer injectErrors;

  @Option(names = "--format", paramLabel = "csv|omop",
      description = "csv: our input tables; omop: OMOP CDM v5.4 tables (person, observation_period, care_site, "
          + "condition_occurrence, device_exposure, measurement, observation; concepts from gait.omop) for import-omop, "
          + "without gait scans. Default: csv.")
  String format = "csv";

  @Override
  protected void validate() {
    if (!format.equals("csv") && !format.equals("omop")) {
      throw new ParameterException(spec.commandLine(), "--format must be csv or omop, got " + format);
    }
    if (format.equals("omop") && vendorShare != null && vendorShare > 0) {
      throw new ParameterException(spec.commandLine(), "--vendor-share needs --format csv: the OMOP CDM has no place for pressure exports");
    }
    if (patients < 1) {
      throw new ParameterException(spec.commandLine(), "--patients must be >= 1, got " + patients);
    }
    if (vendorShare != null && (vendorShare < 0 || vendorShare > 1)) {
      throw new ParameterException(spec.commandLine(), "--vendor-share must be between 0 and 1, got " + vendorShare);
    }
    if (injectErrors != null && (injectErrors < 0 || injectErrors > patients)) {
      throw new ParameterException(spec.commandLine(), "--inject-errors must be between 0 and --patients, got " + injectErrors);
    }
  }

  @Override
  protected Map<String, String> outputs() {
    return IoChecks.paths("--output", output);
  }

  @Override
  protected Map<String, String> inputs() {
    return IoChecks.paths("--spec", specFile.file);
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (seed != null) {
      overrides.put("gait.simulate.seed", seed);
    }
    if (vendorShare != null) {
      overrides.put("gait.simulate.vendor-share", vendorShare);
    }
    if (injectErrors != null) {
      overrides.put("gait.simulate.inject-errors", injectErrors);
    }
    Config config = specFile.load(hadoop, overrides);
    SimulationParams params = SimulationParams.from(config);
    if (format.equals("omop") && params.vendorShare > 0) {
      throw new ParameterException(spec.commandLine(), "gait.simulate.vendor-share is " + params.vendorShare
          + " but --format omop writes no pressure exports; set it to 0 or use --format csv");
    }
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("patients", patients);
    options.putAll(overrides);
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      boolean omop = format.equals("omop");
      String tables = omop ? out.path("simulated-tables") : out.root();
      SimulateSummary summary = Progress.stage("simulate", () -> SimulateStage.run(spark, config, patients, tables),
          SimulateSummary::describe);
      String name = HadoopFiles.fileName(output);
      if (omop) {
        Map<String, Long> written = Progress.stage("simulate OMOP tables",
            () -> OmopExport.replaceSimulatedTables(spark, config, tables, out.root(), SimulateStage.TRUTH_FOLDER), Object::toString);
        options.put("format", format);
        options.put("omop_rows", written);
      } else {
        HadoopFiles.writeString(hadoop, out.path("README.md"), SimulationReadme.render(summary, params.vendorShare, name,
            specFile.name()));
      }
      new RunManifest("simulate", options).spark(spark).config(Settings.toJson(config)).seed("simulate", params.seed)
          .section("simulate", summary).write(hadoop, out.root());
      out.commit();
    }
    SimulateStage.removeChecksumFiles(hadoop, output);
  }
}
