package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The learner evaluation's simulation has the ATE it claims, and every learner runs through it. */
class LearnerEvaluationTest {
  @Test
  void theSimulatedEffectIsTheStatedTruth() {
    // The unit-level effect is 1 + 0.5 x1 with x1 ~ N(0, 1): its mean over 200,000 draws is 1 within 4 SE (SE 0.5 / sqrt(200,000) = 0.0011).
    List<AnalysisUnit> units = LearnerEvaluation.simulate(200_000, 7, 5);
    double effect = units.stream().mapToDouble(u -> 1 + 0.5 * u.x[1]).average().orElseThrow();
    assertEquals(LearnerEvaluation.TRUE_ATE, effect, 4 * 0.5 / Math.sqrt(200_000));
    double treated = units.stream().mapToDouble(u -> u.t).average().orElseThrow();
    assertTrue(treated > 0.3 && treated < 0.6, "treated share " + treated);
  }

  @Test
  void everyLearnerGivesAnEstimateNearTheTruth() {
    List<LearnerEvaluation.Row> rows = LearnerEvaluation.run(List.of(3000), 2, List.of("linear", "random_forest:1000", "xgboost"), 11);
    assertEquals(List.of("linear", "random_forest:1000", "xgboost"), rows.stream().map(LearnerEvaluation.Row::learner).toList());
    for (LearnerEvaluation.Row r : rows) {
      // Misspecified linear outcome models still give a doubly robust estimate within a few SE of 1.
      assertTrue(Math.abs(r.bias()) < 4 * r.meanSe(), r.toString());
      assertTrue(r.meanSe() > 0.02 && r.meanSe() < 0.3, r.toString());
    }
  }
}
