package org.gaitoutcomes.compare;

import java.util.Set;

/** Nearest-neighbour matching on the propensity score's logit within a caliper (ATT), with a pair-clustered SE. */
final class MatchingMethod extends DeclaredMethod {
  MatchingMethod() {
    super("matching", Set.of(Estimand.ATT), MEANS, Set.of(Nuisance.PROPENSITY, Nuisance.MATCHED_SETS));
  }

  @Override
  public ArmMeans estimate(OutcomeContext o, Estimand estimand) {
    return o.matched();
  }
}
