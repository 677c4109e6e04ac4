package org.gaitoutcomes.compare;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gaitoutcomes.compare.Estimators.Bootstrap;

/**
 * Augmented IPW with cross-fitted flexible outcome predictions ({@link FlexibleLearner}). With several
 * cross-fitting repetitions (gait.study.aipw.repeats), the median repetition with the median-adjusted
 * variance ({@link Estimators#medianOfRepetitions}) and its bootstrap replicates; every repetition's
 * estimate and replicates come from one pass over the units ({@link Estimators#aipwRepetitions}).
 */
final class AipwFlexibleMethod extends DeclaredMethod {
  AipwFlexibleMethod() {
    super("aipw_flexible", Set.of(Estimand.ATE, Estimand.ATT), MEANS, Set.of(Nuisance.PROPENSITY, Nuisance.FLEXIBLE_OUTCOME));
  }

  @Override
  public ArmMeans estimate(OutcomeContext o, Estimand e) {
    UnitSource flexible = o.flexiblePredictions();
    Bootstrap boot = o.bootstrap();
    int repeats = o.spec().crossFitRepeats();
    String learner = o.spec().flexibleLearner() + " outcome learner";
    if (repeats == 1) {
      return Estimators.aipw(flexible, e, boot).withNote(learner);
    }
    List<ArmMeans> reps = Estimators.aipwRepetitions(flexible, e, boot, repeats);
    ArmMeans m = Estimators.medianOfRepetitions(reps).means();
    return m.withNote(String.format(Locale.ROOT,
        "median of %d cross-fitting repetitions (median-adjusted SE, Chernozhukov et al. 2018); their estimates range %.4g to %.4g",
        repeats, reps.stream().mapToDouble(a -> a.mu1() - a.mu0()).min().getAsDouble(), reps.stream().mapToDouble(a -> a.mu1() - a.mu0()).max().getAsDouble()))
        .withNote(learner);
  }
}
