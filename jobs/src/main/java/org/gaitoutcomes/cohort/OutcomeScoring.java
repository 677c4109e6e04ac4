package org.gaitoutcomes.cohort;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Outcome formulas. Each comes twice, side by side: a plain-Java function (the specification, unit
 * tested on hand-computed cases) and the Spark {@link Column} expression the cohort stage uses, built
 * with the same arithmetic in the same order so both give identical doubles. Scores are doubles;
 * a result that cannot be computed is null, never a default.
 */
public final class OutcomeScoring {
  /** Sections of the Oswestry Disability Index, each scored 0-5. */
  public static final int ODI_SECTIONS = 10;
  /** Highest score of one Oswestry section. */
  public static final int ODI_SECTION_MAX = 5;

  private OutcomeScoring() {}

  /**
   * Oswestry Disability Index in percent: sum of the answered sections / (5 x sections answered) x 100,
   * null when more than {@code maxMissing} of the 10 sections are unanswered (Fairbank & Pynsent 2000;
   * DOMAIN.md Outcomes).
   */
  public static Double oswestry(Integer[] sections, int maxMissing) {
    requireSections(sections.length);
    requireMaxMissing(maxMissing);
    int answered = 0;
    int total = 0;
    for (Integer s : sections) {
      if (s != null) {
        if (s < 0 || s > ODI_SECTION_MAX) {
          throw new IllegalArgumentException("Oswestry section score " + s + " is outside 0.." + ODI_SECTION_MAX);
        }
        answered++;
        total += s;
      }
    }
    if (ODI_SECTIONS - answered > maxMissing || answered == 0) {
      return null;
    }
    return 100.0 * total / (5.0 * answered);
  }

  /** {@link #oswestry(Integer[], int)} as a Spark expression over the ten section columns. */
  public static Column oswestry(Column[] sections, int maxMissing) {
    requireSections(sections.length);
    requireMaxMissing(maxMissing);
    Column answered = lit(0);
    Column total = lit(0);
    for (Column s : sections) {
      answered = answered.plus(when(s.isNotNull(), 1).otherwise(0));
      total = total.plus(coalesce(s, lit(0)));
    }
    Column scorable = lit(ODI_SECTIONS).minus(answered).leq(maxMissing).and(answered.gt(0));
    return when(scorable, lit(100.0).multiply(total).divide(lit(5.0).multiply(answered)));
  }

  /**
   * NRS responder: improvement (baseline minus follow-up) of at least {@code minPercent} % of the
   * baseline, or of at least {@code minPoints} points (Ostelo 2008: 30% or 2 points). Null when either
   * score is missing. Compared as {@code 100 x improvement >= minPercent x baseline} so that whole-point
   * scores are compared exactly; a zero improvement is never a response.
   */
  public static Boolean nrsResponder(Double baseline, Double followUp, double minPercent, double minPoints) {
    if (baseline == null || followUp == null) {
      return null;
    }
    double improvement = baseline - followUp;
    boolean relative = improvement > 0 && 100.0 * improvement >= minPercent * baseline;
    boolean absolute = improvement > 0 && improvement >= minPoints;
    return relative || absolute;
  }

  /** {@link #nrsResponder(Double, Double, double, double)} as a Spark expression. */
  public static Column nrsResponder(Column baseline, Column followUp, double minPercent, double minPoints) {
    Column improvement = baseline.minus(followUp);
    Column relative = improvement.gt(0).and(lit(100.0).multiply(improvement).geq(lit(minPercent).multiply(baseline)));
    Column absolute = improvement.gt(0).and(improvement.geq(minPoints));
    return when(baseline.isNotNull().and(followUp.isNotNull()), relative.or(absolute));
  }

  /**
   * Clinically important improvement on a disability scale: baseline minus follow-up of at least
   * {@code threshold} points (Oswestry 10, Roland-Morris 5; Ostelo 2008; DOMAIN.md). Null when either
   * score is missing.
   */
  public static Boolean importantImprovement(Double baseline, Double followUp, double threshold) {
    if (baseline == null || followUp == null) {
      return null;
    }
    return baseline - followUp >= threshold;
  }

  /** {@link #importantImprovement(Double, Double, double)} as a Spark expression. */
  public static Column importantImprovement(Column baseline, Column followUp, double threshold) {
    return when(baseline.isNotNull().and(followUp.isNotNull()), baseline.minus(followUp).geq(threshold));
  }

  /** Body-mass index, weight / height^2 in kg/m2 (WHO); null when either is missing. */
  public static Double bmi(Double heightCm, Double weightKg) {
    if (heightCm == null || weightKg == null) {
      return null;
    }
    double m = heightCm / 100.0;
    return weightKg / (m * m);
  }

  /** {@link #bmi(Double, Double)} as a Spark expression. */
  public static Column bmi(Column heightCm, Column weightKg) {
    Column m = heightCm.divide(100.0);
    return weightKg.divide(m.multiply(m));
  }

  private static void requireSections(int n) {
    if (n != ODI_SECTIONS) {
      throw new IllegalArgumentException("the Oswestry index has " + ODI_SECTIONS + " sections, got " + n);
    }
  }

  private static void requireMaxMissing(int maxMissing) {
    if (maxMissing < 0 || maxMissing >= ODI_SECTIONS) {
      throw new IllegalArgumentException("odi-max-missing must be 0.." + (ODI_SECTIONS - 1) + ", got " + maxMissing);
    }
  }
}
