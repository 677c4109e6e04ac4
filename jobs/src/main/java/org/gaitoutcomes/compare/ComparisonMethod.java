package org.gaitoutcomes.compare;

import java.util.Set;

/**
 * One way of comparing the arms on an outcome (gait.study.methods): what it estimates, what it needs
 * fitted first, and its estimate from those fits. The stage ({@link CompareStage}) decides which
 * outcomes, estimands and methods run and in which order; a method computes only its own numbers,
 * from the sums its {@link OutcomeContext} provides. Adding a method is one class implementing this
 * plus its entry in {@link ComparisonMethods#ALL}.
 */
public interface ComparisonMethod {
  /** What a method needs fitted before it can estimate; the context fits each once per outcome. */
  enum Nuisance {
    /** The propensity model (always fitted by the stage; methods that weight by it say so). */
    PROPENSITY,
    /** Matched sets from the propensity score's logit (fitted once per analysis). */
    MATCHED_SETS,
    /** An outcome model per arm: linear, or logistic for a binary outcome. */
    OUTCOME_REGRESSION,
    /** Cross-fitted flexible outcome predictions per arm (gait.study.aipw.learner). */
    FLEXIBLE_OUTCOME
  }

  /** The name in gait.study.methods and in the results' {@code method} column. */
  String name();

  /**
   * The estimands it can report. Empty for a method that targets no population (the crude
   * difference), which is reported once per outcome with estimand "crude".
   */
  Set<Estimand> estimands();

  /** The outcome kinds it estimates ("continuous", "binary", "time_to_event"). */
  Set<String> outcomeKinds();

  /** The fits it needs before {@link #estimate}. */
  Set<Nuisance> nuisance();

  /** Whether its estimate weights observed outcomes by 1/P(observed | T, X) when some are missing (every adjusted method). */
  default boolean weightsMissingOutcomes() {
    return true;
  }

  /** Whether a complete-case estimate is reported beside it when outcomes are missing (a sensitivity analysis). */
  default boolean completeCaseSensitivity() {
    return false;
  }

  /**
   * The arm means for estimand {@code estimand} (null for a method with no estimands), with their
   * variance, bootstrap replicates and a note on what the uncertainty holds fixed.
   */
  ArmMeans estimate(OutcomeContext outcome, Estimand estimand);

  /**
   * The weight of a unit in replicate r (0 = the full sample) of the weighted Kaplan-Meier curves of a
   * time-to-event outcome; only methods whose {@link #outcomeKinds} include "time_to_event" define it.
   */
  default KaplanMeier.ReplicateWeight survivalWeight(OutcomeContext outcome, Estimand estimand) {
    throw new UnsupportedOperationException(name() + " does not estimate time-to-event outcomes");
  }
}
