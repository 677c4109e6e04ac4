package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gaitoutcomes.compare.Estimators.Bootstrap;

/**
 * Augmented IPW with cross-fitted flexible outcome predictions ({@link FlexibleLearner}). With several
 * cross-fitting repetitions (gait.study.aipw.repeats), the median repetition with the median-adjusted
 * variance ({@link Estimators#medianOfRepetitions}), its bootstrap computed for that repetition only.
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
    Bootstrap none = new Bootstrap(0, boot.seed());
    List<UnitSource> sources = new ArrayList<>();
    List<ArmMeans> reps = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      int rep = r;
      UnitSource s = flexible.map(u -> {
        u.m1 = u.m1Repeats[rep];
        u.m0 = u.m0Repeats[rep];
        return u;
      });
      sources.add(s);
      reps.add(Estimators.aipw(s, e, none));
    }
    Estimators.MedianRepetition median = Estimators.medianOfRepetitions(reps);
    ArmMeans withBoot = boot.replicates() > 0 ? Estimators.aipw(sources.get(median.index()), e, boot) : median.means();
    ArmMeans m = median.means();
    return new ArmMeans(m.mu1(), m.mu0(), m.var1(), m.var0(), m.cov10(), m.n1(), m.n0(), m.ess1(), m.ess0(), withBoot.boot1(), withBoot.boot0(),
        m.seMethod(), m.note()).withNote(String.format(Locale.ROOT,
        "median of %d cross-fitting repetitions (median-adjusted SE, Chernozhukov et al. 2018); their estimates range %.4g to %.4g",
        repeats, reps.stream().mapToDouble(a -> a.mu1() - a.mu0()).min().getAsDouble(), reps.stream().mapToDouble(a -> a.mu1() - a.mu0()).max().getAsDouble()))
        .withNote(learner);
  }
}
