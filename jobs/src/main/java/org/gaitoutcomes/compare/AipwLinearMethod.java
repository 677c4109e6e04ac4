package org.gaitoutcomes.compare;

import java.util.Set;

/** Augmented IPW with a linear (logistic for binary) outcome model per arm: doubly robust, not cross-fitted by default. */
final class AipwLinearMethod extends DeclaredMethod {
  AipwLinearMethod() {
    super("aipw_linear", Set.of(Estimand.ATE, Estimand.ATT), MEANS, Set.of(Nuisance.PROPENSITY, Nuisance.OUTCOME_REGRESSION));
  }

  @Override
  public boolean completeCaseSensitivity() {
    return true;
  }

  @Override
  public ArmMeans estimate(OutcomeContext o, Estimand estimand) {
    ArmMeans m = Estimators.aipw(o.outcomeRegression(), estimand, o.bootstrap(), o.spec().crossFitLinear() && !o.binary());
    return o.binary() && !o.completeCase() ? m.withNote("logistic outcome model per arm") : m;
  }
}
