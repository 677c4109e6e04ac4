/**
 * The comparative-effectiveness engine (stage {@code compare}): propensity model, estimators
 * (unadjusted, g-computation, IPTW, matching, AIPW), influence-function and Poisson-bootstrap
 * uncertainty, balance and design diagnostics, subgroups, effect modifiers and sensitivity checks.
 * The formulas are plain Java over {@link org.gaitoutcomes.compare.UnitSource} sums (testable without
 * Spark); Spark code only prepares units and aggregates. Analysis tables up to
 * {@code gait.study.in-memory-max-rows} rows are read into the driver once and every sum runs there
 * (same code, same numbers: InMemoryEquivalenceTest); larger ones are summed by distributed passes
 * and no patient-level row reaches the driver. Each method is one {@link org.gaitoutcomes.compare.ComparisonMethod}
 * registered in {@link org.gaitoutcomes.compare.ComparisonMethods}; {@code CompareStage} orchestrates
 * them, and every fitted model is saved with its provenance ({@link org.gaitoutcomes.compare.StudyModels}).
 * Depends on {@code results}, {@code io},
 * {@code spark}; used by the {@code compare} command and the pipeline.
 */
package org.gaitoutcomes.compare;
