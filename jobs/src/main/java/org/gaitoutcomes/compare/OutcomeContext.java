package org.gaitoutcomes.compare;

import java.util.List;
import java.util.function.Supplier;
import org.gaitoutcomes.compare.CompareSpec.Outcome;
import org.gaitoutcomes.compare.Estimators.Bootstrap;

/**
 * One outcome's analysis as a {@link ComparisonMethod} sees it: the analysis units with the outcome
 * (and its missing-outcome weights), the outcome's kind, the analysis-wide propensity model,
 * truncation bounds and bootstrap, and the outcome's nuisance fits, each fitted once, on first use, and
 * shared by every method and estimand that needs it.
 */
public final class OutcomeContext {
  private final CompareStage.Analysis analysis;
  private final Outcome outcome;
  private final String kind;
  private final UnitSource units;
  private final Estimators.Observation observation;
  private final boolean completeCase;
  private final Supplier<FlexibleLearner.CrossFitted> flexibleFit;
  private Estimators.OutcomeFit regressionFit;
  private UnitSource regression;
  private FlexibleLearner.CrossFitted flexible;

  OutcomeContext(CompareStage.Analysis analysis, Outcome outcome, String kind, UnitSource units, Estimators.Observation observation,
      boolean completeCase, Supplier<FlexibleLearner.CrossFitted> flexibleFit) {
    this.analysis = analysis;
    this.outcome = outcome;
    this.kind = kind;
    this.units = units;
    this.observation = observation;
    this.completeCase = completeCase;
    this.flexibleFit = flexibleFit;
  }

  /** The same outcome restricted to its complete cases (no missing-outcome weights), for the sensitivity rows. */
  OutcomeContext completeCases(UnitSource completeCaseUnits) {
    return new OutcomeContext(analysis, outcome, kind, completeCaseUnits, null, true, () -> {
      throw new IllegalStateException("no flexible learner on complete cases");
    });
  }

  public CompareSpec spec() {
    return analysis.spec;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** "continuous" or "binary" (resolved from "auto" by the data). */
  public String kind() {
    return kind;
  }

  public boolean binary() {
    return kind.equals("binary");
  }

  /** True for the complete-case sensitivity analysis. */
  public boolean completeCase() {
    return completeCase;
  }

  public UnitSource units() {
    return units;
  }

  public Bootstrap bootstrap() {
    return analysis.boot;
  }

  /** The propensity model with its bootstrap replicate coefficients. */
  public Estimators.Propensity propensity() {
    return analysis.propensity;
  }

  /** Per-arm propensity truncation bounds, or null. */
  public Estimators.Truncation truncation() {
    return analysis.truncation;
  }

  /** The missing-outcome model to stack into a weighted estimate's sandwich, or null when no outcome is missing. */
  public Estimators.Observation observation() {
    return observation;
  }

  /**
   * The units with per-arm outcome-model predictions: logistic for a binary outcome, else linear
   * (cross-fitted when gait.study.aipw.cross-fit-linear asks).
   */
  public UnitSource outcomeRegression() {
    if (regression == null) {
      regressionFit = binary() ? Estimators.logisticFit(units, spec().tol()) : analysis.linearFit(units);
      regression = regressionFit.apply(units);
    }
    return regression;
  }

  /** The per-arm outcome models of {@link #outcomeRegression}, null until a method needed them. */
  Estimators.OutcomeFit regressionFit() {
    return regressionFit;
  }

  /** The units with the flexible learner's cross-fitted predictions (every repetition). */
  public UnitSource flexiblePredictions() {
    if (flexible == null) {
      flexible = flexibleFit.get();
    }
    return flexible.units();
  }

  /** The flexible learner's forests (every repetition), empty until fitted or for an MLlib learner. */
  List<HistogramForest.Trees> forests() {
    return flexible == null ? List.of() : flexible.forests().stream().map(HistogramForest::trees).toList();
  }

  /** The matching estimate on these units: matched sets fixed, pair-clustered variance. */
  public ArmMeans matched() {
    return analysis.matched(units).withNote(analysis.matchingNote());
  }
}
