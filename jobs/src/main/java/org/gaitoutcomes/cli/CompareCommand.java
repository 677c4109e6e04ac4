package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.compare.CompareStage;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.spark.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Compares the two arms of any analysis table: effect estimates, diagnostics, subgroups, sensitivity. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Estimate treatment effects on an analysis table (one row per patient) with diagnostics and uncertainty.")
public final class CompareCommand extends SparkCommand {
  @Option(names = "--cohort", paramLabel = "FILE_OR_DIR", required = true,
      description = "Analysis table: Parquet (file or folder) or CSV with a header (file or folder of .csv files).")
  String cohort;

  @Option(names = "--output", paramLabel = "DIR", required = true,
      description = "Output folder: estimates, balance, diagnostics, subgroups, curves, effect_modifiers (.json + .csv), model/, run.json.")
  String output;

  @Mixin
  SettingsOption specFile;

  @Option(names = "--treatment", paramLabel = "COL", description = "Treatment column (0/1). Default: gait.study.treatment (treated).")
  String treatment;

  @Option(names = "--outcome", paramLabel = "COL[,COL]", split = ",",
      description = "Outcome column(s), kind detected (0/1 = binary, else continuous); the first is primary. Default: gait.study.outcomes.")
  List<String> outcomes;

  @Option(names = "--covariates", paramLabel = "A,B,C", split = ",",
      description = "Covariate columns (string columns are one-hot encoded). Default: gait.study.covariates.")
  List<String> covariates;

  @Option(names = "--estimand", paramLabel = "ATE|ATT|ATO", description = "Only this estimand (also the primary one). Default: gait.study.estimands.")
  String estimand;

  @Option(names = "--method", paramLabel = "M[,M]", split = ",",
      description = "Methods among unadjusted, g_computation, iptw, matching, aipw_linear, aipw_flexible; the first is primary unless the spec's (or the default) primary is listed (a spec naming a primary method not listed is refused). Default: gait.study.methods.")
  List<String> methods;

  @Option(names = "--foreign-table",
      description = "The --cohort table is your own (for example an analysis CSV), not an output of gait-outcomes, so it has no "
          + StagedOutput.MARKER + " marker. Without this flag compare reads only a finished gait-outcomes output (a folder, or "
          + "a file inside one, whose run wrote the marker). A table inside an unfinished gait-outcomes output is refused "
          + "either way. Default: ${DEFAULT-VALUE}.")
  boolean foreignTable;

  @Override
  protected Map<String, String> outputs() {
    return IoChecks.paths("--output", output);
  }

  @Override
  protected Map<String, String> inputs() {
    return IoChecks.paths("--cohort", cohort, "--spec", specFile.file);
  }

  @Override
  protected void checkInputs(Configuration hadoop) {
    IoChecks.requireCommitted(hadoop, "--cohort", cohort, foreignTable);
  }

  @Override
  protected void run(SparkSession spark) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Config config = specFile.load(hadoop, overrides(), commandDefaults());
    Map<String, Object> options = new LinkedHashMap<>();
    // File names only: run.json carries no paths of source data.
    options.put("cohort", HadoopFiles.fileName(cohort));
    options.put("spec", specFile.name());
    options.put("treatment", treatment);
    options.put("outcome", outcomes);
    options.put("covariates", covariates);
    options.put("estimand", estimand);
    options.put("method", methods);
    options.put("foreign_table", foreignTable);
    RunManifest manifest = new RunManifest("compare", options).spark(spark).config(Settings.toJson(config))
        .seed("study", config.getLong("gait.study.seed")).seed("bootstrap", config.getLong("gait.study.bootstrap.seed"));
    manifest.input(hadoop, "cohort", cohort);
    final Config resolved = config;
    try (StagedOutput out = StagedOutput.begin(hadoop, output)) {
      CompareStage.CompareSummary summary = Progress.stage("compare",
          () -> CompareStage.run(spark, resolved, cohort, out.root()),
          s -> s.treated() + " treated, " + s.control() + " comparator, " + s.estimates() + " estimates");
      manifest.stage("compare", summary.seconds(), Map.of("rows", summary.rowsRead(), "excluded", summary.rowsExcluded(),
          "treated", summary.treated(), "control", summary.control(), "estimates", summary.estimates()));
      manifest.section("compare", summary);
      manifest.write(hadoop, out.root());
      out.commit();
    }
  }

  /**
   * Defaults derived from the options, below the spec file (Settings' precedence): with --covariates (a
   * table of one's own) no subgroups, since the default ones name this project's columns; with --method
   * not naming the default primary method, the first method given as primary.
   */
  Map<String, Object> commandDefaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    if (covariates != null) {
      d.put("gait.study.subgroups", List.of());
    }
    if (methods != null && !methods.contains(Settings.defaults().getString("gait.study.primary.method"))) {
      d.put("gait.study.primary.method", methods.get(0));
    }
    return d;
  }

  /** Command-line options as configuration paths (they override the spec file). */
  Map<String, Object> overrides() {
    Map<String, Object> o = new LinkedHashMap<>();
    if (treatment != null) {
      o.put("gait.study.treatment", treatment);
    }
    if (outcomes != null) {
      List<Map<String, String>> list = new ArrayList<>();
      for (String name : outcomes) {
        list.add(Map.of("name", name, "kind", "auto"));
      }
      o.put("gait.study.outcomes", list);
      o.put("gait.study.primary.outcome", outcomes.get(0));
    }
    if (covariates != null) {
      o.put("gait.study.covariates", covariates);
    }
    if (estimand != null) {
      o.put("gait.study.estimands", List.of(estimand));
      o.put("gait.study.primary.estimand", estimand);
    }
    if (methods != null) {
      o.put("gait.study.methods", methods);
    }
    return o;
  }
}
