/**
 * The study cohort: index day and arm from the first device, baseline and follow-up outcome windows,
 * outcome scoring (NRS, Oswestry, Roland-Morris, responders, time to first response), covariates,
 * ordered eligibility rules with attrition counts. {@link org.gaitoutcomes.cohort.OutcomeScoring}
 * holds the formulas in plain Java beside the Spark expressions that implement them;
 * {@link org.gaitoutcomes.cohort.CohortStage} is the stage entry point. Depends on {@code schema},
 * {@code results}, {@code io} and {@code spark}; the compare stage reads what it writes.
 */
package org.gaitoutcomes.cohort;
