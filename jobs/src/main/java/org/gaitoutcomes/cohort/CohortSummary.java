package org.gaitoutcomes.cohort;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.provenance.StageCounts;

/**
 * What the cohort stage produced, aggregates only (for the log, run.json and the report).
 *
 * @param patients patients in the curated patients table
 * @param eligible patients in the cohort (passing every eligibility rule)
 * @param treated cohort patients in the treatment arm
 * @param control cohort patients in the comparator arm
 * @param attrition the attrition table's rows, in order
 * @param observed per outcome column, cohort patients with a value, by arm
 * @param covariates the covariate columns of the cohort (patient, baseline outcome and foot features)
 * @param outcomes the outcome columns of the cohort
 * @param footFeatures false when no baseline features were given (foot covariates all null)
 */
public record CohortSummary(
    long patients,
    long eligible,
    long treated,
    long control,
    List<Map<String, Object>> attrition,
    Map<String, Observed> observed,
    List<String> covariates,
    List<String> outcomes,
    boolean footFeatures) {

  /** Patients with an observed value of one outcome, by arm. */
  public record Observed(long treated, long control) {}

  public CohortSummary {
    attrition = List.copyOf(attrition);
    observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed));
    covariates = List.copyOf(covariates);
    outcomes = List.copyOf(outcomes);
  }

  /** The stage counts of run.json, in a fixed order (the report reads them by these names). */
  public Map<String, Long> stageCounts() {
    return StageCounts.of("patients", patients, "eligible", eligible, "treated", treated, "control", control);
  }

  /** One line for the log. */
  public String describe() {
    return eligible + " of " + patients + " patients eligible (" + treated + " treated, " + control + " comparator)";
  }
}
