package org.gaitoutcomes.compare;

/**
 * Target populations and their propensity weights (Hirano, Imbens & Ridder 2003; Li, Morgan & Zaslavsky 2018).
 * {@link #weight} is the balancing weight of a unit with propensity e and treatment t;
 * {@link #weightSlope} is d weight / d (logit-linear predictor), used by the M-estimation correction.
 */
public enum Estimand {
  /** Whole population: w = t/e + (1-t)/(1-e). */
  ATE,
  /** Treated population: w = t + (1-t) e/(1-e). */
  ATT,
  /** Overlap population: w = t (1-e) + (1-t) e. */
  ATO;

  public double weight(double e, double t) {
    return switch (this) {
      case ATE -> t > 0 ? 1 / e : 1 / (1 - e);
      case ATT -> t > 0 ? 1 : e / (1 - e);
      case ATO -> t > 0 ? 1 - e : e;
    };
  }

  /** d w / d eta where e = expit(eta): uses de/deta = e (1 - e). */
  public double weightSlope(double e, double t) {
    return switch (this) {
      case ATE -> t > 0 ? -(1 - e) / e : e / (1 - e);
      case ATT -> t > 0 ? 0 : e / (1 - e);
      case ATO -> t > 0 ? -e * (1 - e) : e * (1 - e);
    };
  }

  public static Estimand parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new org.gaitoutcomes.GaitException("unknown estimand '" + s + "' (expected ATE, ATT or ATO)");
    }
  }
}
