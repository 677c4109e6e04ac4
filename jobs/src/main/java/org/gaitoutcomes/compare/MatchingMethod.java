package org.gaitoutcomes.compare;

import java.util.Set;

/** Nearest-neighbour matching on the propensity score's logit within a caliper (ATT), with a pair-clustered SE. */
final class MatchingMethod implements ComparisonMethod {
  @Override
  public String name() {
    return "matching";
  }

  @Override
  public Set<Estimand> estimands() {
    return Set.of(Estimand.ATT);
  }

  @Override
  public Set<String> outcomeKinds() {
    return Set.of("continuous", "binary");
  }

  @Override
  public Set<Nuisance> nuisance() {
    return Set.of(Nuisance.PROPENSITY, Nuisance.MATCHED_SETS);
  }

  @Override
  public ArmMeans estimate(OutcomeContext o, Estimand estimand) {
    return o.matched();
  }
}
