package org.gaitoutcomes.pipeline;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.cohort.CohortStage;
import org.gaitoutcomes.cohort.CohortSummary;
import org.gaitoutcomes.compare.CompareStage;
import org.gaitoutcomes.features.FeaturesStage;
import org.gaitoutcomes.ingest.IngestStage;
import org.gaitoutcomes.ingest.IngestSummary;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.provenance.RunManifest;
import org.gaitoutcomes.report.ReportStage;
import org.gaitoutcomes.report.ReportSummary;
import org.gaitoutcomes.scans.ImportScansStage;
import org.gaitoutcomes.spark.Progress;

/**
 * The whole pipeline in order: ingest, scan import (when the input holds {@code scans/manifest.csv}),
 * features, cohort, compare, report. Each stage reads what the previous one wrote in the same output
 * folder (see {@link OutputLayout}); this class only sequences them and records per-stage timings
 * and counts in the run manifest. It does not commit: the caller stages the output folder.
 */
public final class Pipeline {
  /** Vendor exports and their manifest inside an input folder. */
  public static final String SCANS_FOLDER = "scans";
  public static final String SCAN_MANIFEST = "manifest.csv";

  private Pipeline() {}

  /** Runs every stage on {@code inputUri} into {@code out}, recording each in {@code manifest}. */
  public static void run(SparkSession spark, Config config, String inputUri, OutputLayout out, RunManifest manifest) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    IngestSummary ingest = manifest.timed("ingest", () -> IngestStage.run(spark, config, inputUri, out.root()),
        s -> s.tables().stream().map(t -> t.table() + " " + t.rowsAccepted() + " accepted, " + t.rowsQuarantined() + " quarantined")
            .reduce((a, b) -> a + "; " + b).orElse("no tables"),
        s -> {
          Map<String, Object> c = new LinkedHashMap<>();
          s.tables().forEach(t -> c.put(t.table() + ".accepted", t.rowsAccepted()));
          s.tables().forEach(t -> c.put(t.table() + ".quarantined", t.rowsQuarantined()));
          return c;
        });
    manifest.section("ingest", ingest.toJsonTree());

    String scansDir = inputUri + "/" + SCANS_FOLDER;
    String scanManifest = scansDir + "/" + SCAN_MANIFEST;
    String importedScans = null;
    if (HadoopFiles.exists(hadoop, scanManifest)) {
      ImportScansStage.Summary scans = manifest.timed("import-scans",
          () -> ImportScansStage.run(spark, config, scansDir, scanManifest, out.scans(), out.scansQuarantine()),
          ImportScansStage.Summary::describe, ImportScansStage.Summary::stageCounts);
      importedScans = scans.scanRows() > 0 ? out.scans() : null;
    } else {
      Progress.info("import-scans: skipped (no " + SCANS_FOLDER + "/" + SCAN_MANIFEST + " in the input)");
    }

    String scansForFeatures = importedScans;
    manifest.timed("features", () -> FeaturesStage.run(spark, config, out.curated(), scansForFeatures, out.features()),
        FeaturesStage.Summary::describe, FeaturesStage.Summary::stageCounts);

    CohortSummary cohort = manifest.timed("cohort",
        () -> CohortStage.run(spark, config, out.curated(), out.baselineFeatures(), out.cohort(), out.results()),
        CohortSummary::describe, CohortSummary::stageCounts);
    manifest.section("cohort", cohort);

    CompareStage.CompareSummary compare = manifest.timed("compare", () -> CompareStage.run(spark, config, out.cohort(), out.results()),
        s -> s.estimates() + " estimates from " + s.treated() + " treated and " + s.control() + " comparator patients",
        s -> ordered("rows_read", s.rowsRead(), "rows_excluded", s.rowsExcluded(), "treated", s.treated(),
            "control", s.control(), "estimates", s.estimates()));
    manifest.section("compare", ordered("covariates_used", compare.covariatesUsed(),
        "covariates_excluded", compare.covariatesExcluded(), "warnings", compare.warnings(), "spark_jobs", compare.sparkJobs()));

    // The report shows the run's provenance: write the manifest as it stands, then the report.
    String runJson = out.root() + "/run.json";
    manifest.write(hadoop, out.root());
    manifest.timed("report", () -> ReportStage.run(spark, config, out.results(), runJson, out.report() + "/report.html"),
        ReportSummary::describe, ReportSummary::stageCounts);
  }

  /** Key-value pairs in the order given, so run.json and the report list them the same way every run. */
  private static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
