package org.gaitoutcomes.compare;

import java.io.Serializable;

/**
 * One patient as the estimators see it, inside a distributed aggregation (never collected): row key,
 * treatment, covariate row with a leading 1, outcome, and the quantities the methods attach to it.
 */
public final class AnalysisUnit implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Deterministic row key (xxhash64 of the id column): drives bootstrap weights, folds and placebo draws. */
  public long key;
  /** 1 treated, 0 comparator. */
  public double t;
  /** Design row: 1 followed by the encoded covariates. */
  public double[] x;
  /** Outcome; NaN when missing. */
  public double y = Double.NaN;
  /** Time-to-event outcomes: 1 = event at day y, 0 = censored at day y. */
  public double event = Double.NaN;
  /** Level index of each subgroup variable (-1 when the level is null). */
  public int[] levels = new int[0];
  /** Observation weight: 1 / P(outcome observed | T, X) when observed, 0 when missing (1 when nothing is missing). */
  public double omega = 1;
  /** 1 when the row belongs to the analysed subset (subgroup level, not trimmed), else 0. */
  public double subset = 1;
  /** Fitted propensity score. */
  public double e = Double.NaN;
  /** Propensity score used in the weights: e, or e clamped at the truncation bounds (then its weight no longer moves with the coefficients). */
  public double ew = Double.NaN;
  /** Cross-fitting fold. */
  public int fold;
  /** Cross-fitted outcome predictions under treatment and comparator. */
  public double m1 = Double.NaN;
  public double m0 = Double.NaN;
  /** The flexible learner's predictions in each repetition of its cross-fitting (null when not repeated). */
  public double[] m1Repeats;
  public double[] m0Repeats;
  /** A fixed analysis weight multiplying every other weight; 1 except for the matching estimator. */
  public double fixedWeight = 1;
  /** Matching weight: 1 for a matched treated unit, sum of 1/k over the treated it serves for a control, 0 unmatched. */
  public double matchWeight;
  /** Effect-modifier features of the DR-learner (NaN where missing); null when none are analysed. */
  public double[] modifiers;
  /** Values of the measures whose trajectories are drawn, one per series point (NaN = not assessed); null when none. */
  public double[] trajectory;

  public AnalysisUnit() {}

  public AnalysisUnit(long key, double t, double[] x, double y) {
    this.key = key;
    this.t = t;
    this.x = x;
    this.y = y;
  }

  /** True when the outcome counts in outcome sums (observed and in the analysed subset). */
  public boolean observed() {
    return omega > 0 && subset > 0 && !Double.isNaN(y);
  }

  /** True when the weight's propensity score was clamped by truncation. */
  public boolean clamped() {
    return ew != e;
  }

  public AnalysisUnit copy() {
    AnalysisUnit u = new AnalysisUnit(key, t, x, y);
    u.omega = omega;
    u.subset = subset;
    u.e = e;
    u.ew = ew;
    u.fold = fold;
    u.m1 = m1;
    u.m0 = m0;
    u.m1Repeats = m1Repeats;
    u.m0Repeats = m0Repeats;
    u.fixedWeight = fixedWeight;
    u.matchWeight = matchWeight;
    u.event = event;
    u.levels = levels;
    u.modifiers = modifiers;
    u.trajectory = trajectory;
    return u;
  }
}
