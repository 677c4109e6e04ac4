package org.gaitoutcomes.compare;

import java.util.Set;

/** Augmented IPW with a linear (logistic for binary) outcome model per arm: doubly robust, not cross-fitted by default. */
final class AipwLinearMethod implements ComparisonMethod {
  @Override
  public String name() {
    return "aipw_linear";
  }

  @Override
  public Set<Estimand> estimands() {
    return Set.of(Estimand.ATE, Estimand.ATT);
  }

  @Override
  public Set<String> outcomeKinds() {
    return Set.of("continuous", "binary");
  }

  @Override
  public Set<Nuisance> nuisance() {
    return Set.of(Nuisance.PROPENSITY, Nuisance.OUTCOME_REGRESSION);
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
