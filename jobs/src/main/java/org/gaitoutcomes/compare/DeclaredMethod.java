package org.gaitoutcomes.compare;

import java.util.Set;

/** A {@link ComparisonMethod} whose declaration (name, estimands, outcome kinds, nuisance fits) is given once, to the constructor. */
abstract class DeclaredMethod implements ComparisonMethod {
  private final String name;
  private final Set<Estimand> estimands;
  private final Set<String> outcomeKinds;
  private final Set<Nuisance> nuisance;

  DeclaredMethod(String name, Set<Estimand> estimands, Set<String> outcomeKinds, Set<Nuisance> nuisance) {
    this.name = name;
    this.estimands = estimands;
    this.outcomeKinds = outcomeKinds;
    this.nuisance = nuisance;
  }

  /** Continuous and binary outcomes. */
  static final Set<String> MEANS = Set.of("continuous", "binary");
  /** Continuous, binary and time-to-event outcomes. */
  static final Set<String> ALL_KINDS = Set.of("continuous", "binary", "time_to_event");

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Set<Estimand> estimands() {
    return estimands;
  }

  @Override
  public final Set<String> outcomeKinds() {
    return outcomeKinds;
  }

  @Override
  public final Set<Nuisance> nuisance() {
    return nuisance;
  }
}
