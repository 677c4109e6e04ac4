package org.gaitoutcomes.compare;

import java.util.Set;

/**
 * Inverse probability of treatment weighting (Hajek), with the stacked sandwich over the propensity
 * and missing-outcome models; for time-to-event outcomes, the weighted Kaplan-Meier curves.
 */
final class IptwMethod extends DeclaredMethod {
  IptwMethod() {
    super("iptw", Set.of(Estimand.ATE, Estimand.ATT, Estimand.ATO), ALL_KINDS, Set.of(Nuisance.PROPENSITY));
  }

  @Override
  public boolean completeCaseSensitivity() {
    return true;
  }

  @Override
  public ArmMeans estimate(OutcomeContext o, Estimand estimand) {
    return Estimators.weighted(o.units(), estimand, o.propensity(), o.observation(), o.truncation(), o.bootstrap());
  }

  /**
   * The full-sample propensity in replicate 0, the replicate's refitted propensity model (one Newton
   * step, as the IPTW bootstrap) in the others, truncated at the same bounds.
   */
  @Override
  public KaplanMeier.ReplicateWeight survivalWeight(OutcomeContext o, Estimand estimand) {
    double[][] betas = o.propensity().bootstrapBetas();
    Estimators.Truncation trunc = o.truncation();
    return (u, r) -> {
      if (r == 0) {
        return estimand.weight(u.ew, u.t);
      }
      double p = Estimators.propensity(betas[r - 1], u.x);
      return estimand.weight(trunc == null ? p : trunc.clamp(p, u.t), u.t);
    };
  }
}
