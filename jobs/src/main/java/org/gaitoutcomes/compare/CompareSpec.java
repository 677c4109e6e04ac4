package org.gaitoutcomes.compare;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gaitoutcomes.GaitException;

/** The study spec ({@code gait.study}, documented with its defaults in {@code gait/study.conf}), checked. */
public record CompareSpec(
    String idColumn, String treatment, String treatmentLabel, String comparatorLabel,
    List<Outcome> outcomes, String primaryOutcome, Estimand primaryEstimand, String primaryMethod,
    List<String> covariates, List<Estimand> estimands, List<String> methods, List<Subgroup> subgroups,
    List<String> effectModifiers, boolean conditionalEffects, List<String> negativeControls, boolean placeboTreatment, long seed,
    int bootstrapReplicates, long bootstrapSeed,
    boolean penalized, List<Double> regGrid, int cvFolds, int maxIter, double tol, double extremePs, int histogramBins,
    double truncatePercentile, double trim, double caliperSd, int matchRatio, boolean matchReplace, String matchOrder, int matchRounds,
    int folds, int crossFitRepeats, boolean crossFitLinear, String flexibleLearner, int trees, int maxDepth, long rowsPerForest, List<Integer> survivalDays, List<String> trajectories, int smallCount,
    long inMemoryMaxRows) {

  /** The method names gait.study.methods accepts: those of the registry ({@link ComparisonMethods}). */
  public static final List<String> ALL_METHODS = ComparisonMethods.names();
  private static final Set<String> KINDS = Set.of("continuous", "binary", "time_to_event", "auto");

  /** An outcome column and how it is analysed. */
  public record Outcome(String name, String kind) {}

  /** A subgroup variable: its name and the SQL expression giving each row's level. */
  public record Subgroup(String name, String expr) {}

  public static CompareSpec from(Config root) {
    Config c = root.getConfig("gait.study");
    List<Outcome> outcomes = new ArrayList<>();
    for (Config o : c.getConfigList("outcomes")) {
      String kind = o.getString("kind");
      if (!KINDS.contains(kind)) {
        throw new GaitException("gait.study.outcomes: outcome " + o.getString("name") + " has unknown kind '" + kind + "' (expected " + KINDS + ")");
      }
      outcomes.add(new Outcome(o.getString("name"), kind));
    }
    List<Subgroup> subgroups = new ArrayList<>();
    for (Config s : c.getConfigList("subgroups")) {
      subgroups.add(new Subgroup(s.getString("name"), s.getString("expr")));
    }
    List<String> methods = c.getStringList("methods");
    for (String m : methods) {
      if (!ALL_METHODS.contains(m)) {
        throw new GaitException("gait.study.methods: unknown method '" + m + "' (expected " + ALL_METHODS + ")");
      }
    }
    String primaryMethod = c.getString("primary.method");
    if (!ALL_METHODS.contains(primaryMethod)) {
      throw new GaitException("gait.study.primary.method: unknown method '" + primaryMethod + "' (expected " + ALL_METHODS + ")");
    }
    List<Estimand> estimands = c.getStringList("estimands").stream().map(Estimand::parse).toList();
    String learner = c.getString("aipw.flexible-learner");
    if (!learner.equals("random_forest") && !learner.equals("gbt")) {
      throw new GaitException("gait.study.aipw.flexible-learner: '" + learner + "' (expected random_forest or gbt)");
    }
    CompareSpec spec = new CompareSpec(
        c.getString("id-column"), c.getString("treatment"), c.getString("treatment-label"), c.getString("comparator-label"),
        outcomes, c.getString("primary.outcome"), Estimand.parse(c.getString("primary.estimand")), primaryMethod,
        c.getStringList("covariates"), estimands, methods, subgroups,
        c.getStringList("effect-modifiers"), c.getBoolean("conditional-effects"), c.getStringList("negative-controls"), c.getBoolean("placebo-treatment"), c.getLong("seed"),
        c.getInt("bootstrap.replicates"), c.getLong("bootstrap.seed"),
        c.getBoolean("propensity.penalized"), c.getDoubleList("propensity.reg-grid"), c.getInt("propensity.cv-folds"),
        c.getInt("propensity.max-iter"), c.getDouble("propensity.tol"), c.getDouble("propensity.extreme-ps"), c.getInt("propensity.histogram-bins"),
        c.getDouble("weights.truncate-percentile"), c.getDouble("weights.trim"), c.getDouble("matching.caliper-sd"), c.getInt("matching.ratio"),
        c.getBoolean("matching.replace"), c.getString("matching.order"), c.getInt("matching.max-rounds"),
        c.getInt("aipw.folds"), c.getInt("aipw.repeats"), c.getBoolean("aipw.cross-fit-linear"), learner, c.getInt("aipw.trees"), c.getInt("aipw.max-depth"), c.getLong("aipw.rows-per-forest"), c.getIntList("survival-days"), c.getStringList("trajectories"), c.getInt("min-cell-count"),
        c.getLong("in-memory-max-rows"));
    spec.check();
    return spec;
  }

  private void check() {
    require(!covariates.isEmpty(), "gait.study.covariates: at least one covariate is needed");
    require(!outcomes.isEmpty(), "gait.study.outcomes: at least one outcome is needed");
    require(!estimands.isEmpty(), "gait.study.estimands: at least one estimand is needed");
    require(bootstrapReplicates >= 0 && bootstrapReplicates <= 2000, "gait.study.bootstrap.replicates must be 0..2000, got " + bootstrapReplicates);
    require(truncatePercentile >= 0 && truncatePercentile < 0.5, "gait.study.weights.truncate-percentile must be in [0, 0.5), got " + truncatePercentile);
    require(trim >= 0 && trim < 0.5, "gait.study.weights.trim must be in [0, 0.5), got " + trim);
    require(caliperSd > 0, "gait.study.matching.caliper-sd must be > 0, got " + caliperSd);
    require(matchRatio >= 1 && matchRatio <= 20, "gait.study.matching.ratio must be 1..20, got " + matchRatio);
    require(matchOrder.equals("largest") || matchOrder.equals("parallel"), "gait.study.matching.order must be largest or parallel, got " + matchOrder);
    require(matchRounds >= 1, "gait.study.matching.max-rounds must be >= 1, got " + matchRounds);
    require(folds >= 2 && folds <= 20, "gait.study.aipw.folds must be 2..20, got " + folds);
    require(crossFitRepeats >= 1 && crossFitRepeats <= 51 && crossFitRepeats % 2 == 1,
        "gait.study.aipw.repeats must be odd, 1..51 (the median of the repetitions is one of them), got " + crossFitRepeats);
    require(histogramBins >= 2 && histogramBins <= 200, "gait.study.propensity.histogram-bins must be 2..200, got " + histogramBins);
    require(rowsPerForest >= 0, "gait.study.aipw.rows-per-forest must be >= 0, got " + rowsPerForest);
    require(inMemoryMaxRows >= 0, "gait.study.in-memory-max-rows must be >= 0, got " + inMemoryMaxRows);
    require(smallCount >= 0, "gait.study.small-count must be >= 0, got " + smallCount);
    require(methods.contains(primaryMethod), "gait.study.primary.method " + primaryMethod + " is not among gait.study.methods " + methods);
    require(estimands.contains(primaryEstimand), "gait.study.primary.estimand " + primaryEstimand + " is not among gait.study.estimands " + estimands);
    require(!primaryMethod.equals("matching") || primaryEstimand == Estimand.ATT, "gait.study.primary: matching estimates the ATT only, not " + primaryEstimand);
    require(!primaryMethod.startsWith("aipw") || primaryEstimand != Estimand.ATO, "gait.study.primary: AIPW is implemented for ATE and ATT, not ATO");
    require(!covariates.contains(treatment), "gait.study.covariates must not contain the treatment column " + treatment);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new GaitException(message);
    }
  }

  /** The effect-modifier features of the DR-learner (default: the covariates). */
  public List<String> effectModifierFeatures() {
    return effectModifiers.isEmpty() ? covariates : effectModifiers;
  }

  /** This spec with other covariates (see {@link AvailableCovariates}). */
  public CompareSpec withCovariates(List<String> newCovariates) {
    return new CompareSpec(idColumn, treatment, treatmentLabel, comparatorLabel, outcomes, primaryOutcome, primaryEstimand, primaryMethod,
        List.copyOf(newCovariates), estimands, methods, subgroups, effectModifiers, conditionalEffects, negativeControls, placeboTreatment, seed,
        bootstrapReplicates, bootstrapSeed, penalized, regGrid, cvFolds, maxIter, tol, extremePs, histogramBins, truncatePercentile, trim,
        caliperSd, matchRatio, matchReplace, matchOrder, matchRounds, folds, crossFitRepeats, crossFitLinear, flexibleLearner, trees, maxDepth, rowsPerForest, survivalDays,
        trajectories, smallCount, inMemoryMaxRows);
  }
}
