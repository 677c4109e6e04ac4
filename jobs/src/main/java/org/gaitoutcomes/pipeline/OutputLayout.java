package org.gaitoutcomes.pipeline;

/**
 * Where each stage of {@code run} writes inside the output folder. The one definition of the layout
 * documented in the README; commands, the benchmark and tests use it instead of spelling paths.
 *
 * @param root the output folder (the staging folder while a run is in progress)
 */
public record OutputLayout(String root) {
  /** Accepted input records, {@code curated/<table>/} (Parquet). */
  public String curated() {
    return root + "/curated";
  }

  /** Canonical gait scans imported from vendor exports (Parquet). */
  public String scans() {
    return root + "/scans";
  }

  /** Vendor exports that could not be imported (Parquet, contract quarantine). */
  public String scansQuarantine() {
    return root + "/scans-quarantine";
  }

  /** Feature stage output: baseline_features/, scan_features/, pipeline/. */
  public String features() {
    return root + "/features";
  }

  public String baselineFeatures() {
    return features() + "/baseline_features";
  }

  /** The analysis cohort (Parquet, patient-level: never shared). */
  public String cohort() {
    return root + "/cohort";
  }

  /** Aggregate results (estimates, balance, diagnostics, subgroups, attrition, curves, ...). */
  public String results() {
    return root + "/results";
  }

  /** The report folder: report.html, figures/, exports/. */
  public String report() {
    return root + "/report";
  }
}
