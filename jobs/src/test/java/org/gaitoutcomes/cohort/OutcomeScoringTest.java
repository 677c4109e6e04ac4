package org.gaitoutcomes.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed cases for the outcome formulas (plain Java, no Spark). */
class OutcomeScoringTest {
  private static final double EPS = 1e-12;

  @Test
  void oswestryAllSectionsAnsweredIsSumOverFiftyTimesHundred() {
    // Fairbank & Pynsent 2000: 1+2+3+0+1+2+3+4+5+0 = 21; 21 / 50 x 100 = 42.
    assertEquals(42.0, OutcomeScoring.oswestry(new Integer[] {1, 2, 3, 0, 1, 2, 3, 4, 5, 0}, 1), EPS);
    assertEquals(0.0, OutcomeScoring.oswestry(new Integer[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 1), EPS);
    assertEquals(100.0, OutcomeScoring.oswestry(new Integer[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, 1), EPS);
  }

  @Test
  void oswestryOneSectionMissingDividesByFortyFive() {
    // Fairbank & Pynsent 2000: one section unanswered -> total / 45 x 100; 16 / 45 x 100 = 35.555...
    assertEquals(1600.0 / 45.0, OutcomeScoring.oswestry(new Integer[] {2, 2, 2, 2, 2, 2, 2, null, 1, 1}, 1), EPS);
    // 18 / 45 x 100 = 40.
    assertEquals(40.0, OutcomeScoring.oswestry(new Integer[] {2, 2, 2, 2, 2, 2, 2, null, 2, 2}, 1), EPS);
  }

  @Test
  void oswestryMoreMissingThanAllowedIsNotScored() {
    Integer[] twoMissing = {3, 3, 3, 3, 3, 3, 3, null, null, 3};
    assertNull(OutcomeScoring.oswestry(twoMissing, 1));
    assertNull(OutcomeScoring.oswestry(twoMissing, 0));
    // Allowing two missing: 24 / 40 x 100 = 60.
    assertEquals(60.0, OutcomeScoring.oswestry(twoMissing, 2), EPS);
    assertNull(OutcomeScoring.oswestry(new Integer[10], 9));
    assertNull(OutcomeScoring.oswestry(new Integer[] {4, null, null, null, null, null, null, null, null, null}, 8));
    // Nine missing allowed, one answered: 4 / 5 x 100 = 80.
    assertEquals(80.0, OutcomeScoring.oswestry(new Integer[] {4, null, null, null, null, null, null, null, null, null}, 9), EPS);
  }

  @Test
  void oswestryRejectsWrongShapeAndRange() {
    assertThrows(IllegalArgumentException.class, () -> OutcomeScoring.oswestry(new Integer[9], 1));
    assertThrows(IllegalArgumentException.class, () -> OutcomeScoring.oswestry(new Integer[10], 10));
    assertThrows(IllegalArgumentException.class, () -> OutcomeScoring.oswestry(new Integer[] {6, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 1));
  }

  @Test
  void nrsResponderIsThirtyPercentOrTwoPoints() {
    // Ostelo 2008: 6 -> 4 improves 2 points (33%).
    assertTrue(OutcomeScoring.nrsResponder(6.0, 4.0, 30, 2));
    // 8 -> 7: 1 point, 12.5%: no.
    assertFalse(OutcomeScoring.nrsResponder(8.0, 7.0, 30, 2));
    // 3 -> 2: 1 point but 33% of baseline: yes (relative criterion alone).
    assertTrue(OutcomeScoring.nrsResponder(3.0, 2.0, 30, 2));
    // 7 -> 5: 2 points (28.6%): yes (absolute criterion alone).
    assertTrue(OutcomeScoring.nrsResponder(7.0, 5.0, 30, 2));
    // Worse or unchanged: never.
    assertFalse(OutcomeScoring.nrsResponder(4.0, 5.0, 30, 2));
    assertFalse(OutcomeScoring.nrsResponder(0.0, 0.0, 30, 2));
    assertNull(OutcomeScoring.nrsResponder(null, 3.0, 30, 2));
    assertNull(OutcomeScoring.nrsResponder(5.0, null, 30, 2));
  }

  @Test
  void nrsResponderBoundariesAreInclusiveAndExact() {
    // 10 -> 7 is exactly 30%; the points criterion disabled by a high threshold.
    assertTrue(OutcomeScoring.nrsResponder(10.0, 7.0, 30, 5));
    assertFalse(OutcomeScoring.nrsResponder(10.0, 7.5, 30, 5));
    // 8 -> 6 is exactly 2 points (25%), the percent criterion out of reach at 50%.
    assertTrue(OutcomeScoring.nrsResponder(8.0, 6.0, 50, 2));
    assertFalse(OutcomeScoring.nrsResponder(8.0, 6.5, 50, 2));
  }

  @Test
  void importantImprovementOnDisabilityScales() {
    // Oswestry important change 10 points; Roland-Morris 5 points (Ostelo 2008).
    assertTrue(OutcomeScoring.importantImprovement(40.0, 30.0, 10));
    assertFalse(OutcomeScoring.importantImprovement(40.0, 30.5, 10));
    assertTrue(OutcomeScoring.importantImprovement(12.0, 7.0, 5));
    assertFalse(OutcomeScoring.importantImprovement(12.0, 8.0, 5));
    assertFalse(OutcomeScoring.importantImprovement(12.0, 18.0, 5));
    assertNull(OutcomeScoring.importantImprovement(null, 8.0, 5));
  }

  @Test
  void bmiIsKilogramsOverMetresSquared() {
    // 81 kg / 1.8^2 m2 = 25.
    assertEquals(25.0, OutcomeScoring.bmi(180.0, 81.0), 1e-9);
    assertNull(OutcomeScoring.bmi(null, 81.0));
  }
}
