package org.gaitoutcomes.compare;

import java.util.Set;

/** The crude difference of the observed outcomes: no adjustment and no target population, reported once per outcome. */
final class UnadjustedMethod extends DeclaredMethod {
  UnadjustedMethod() {
    super("unadjusted", Set.of(), ALL_KINDS, Set.of());
  }

  @Override
  public boolean weightsMissingOutcomes() {
    return false;
  }

  @Override
  public ArmMeans estimate(OutcomeContext o, Estimand estimand) {
    return Estimators.unadjusted(o.units(), o.bootstrap()).withNote("crude difference of the observed outcomes, no adjustment and no target population");
  }

  @Override
  public KaplanMeier.ReplicateWeight survivalWeight(OutcomeContext o, Estimand estimand) {
    return (u, r) -> 1.0;
  }
}
