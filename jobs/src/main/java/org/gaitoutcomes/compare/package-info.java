/**
 * The comparative-effectiveness engine (stage {@code compare}): propensity model, estimators
 * (unadjusted, g-computation, IPTW, matching, AIPW), influence-function and Poisson-bootstrap
 * uncertainty, balance and design diagnostics, subgroups, effect modifiers and sensitivity checks.
 * The formulas are plain Java over {@link org.gaitoutcomes.compare.UnitSource} sums (testable without
 * Spark); Spark code only prepares units and aggregates. Depends on {@code results}, {@code io},
 * {@code spark}; used by the {@code compare} command and the pipeline.
 */
package org.gaitoutcomes.compare;
