package org.gaitoutcomes.compare;

import java.util.Set;

/** G-computation: per-arm outcome regression (logistic for a binary outcome) standardized to the target population. */
final class GComputationMethod extends DeclaredMethod {
  GComputationMethod() {
    super("g_computation", Set.of(Estimand.ATE, Estimand.ATT, Estimand.ATO), MEANS, Set.of(Nuisance.OUTCOME_REGRESSION, Nuisance.PROPENSITY));
  }

  @Override
  public boolean completeCaseSensitivity() {
    return true;
  }

  @Override
  public ArmMeans estimate(OutcomeContext o, Estimand estimand) {
    return o.binary() ? Estimators.gComputationLogistic(o.units(), estimand, o.bootstrap(), o.spec().tol())
        : Estimators.gComputation(o.units(), estimand, o.bootstrap());
  }
}
