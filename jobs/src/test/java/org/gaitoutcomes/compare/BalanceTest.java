package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Weighted balance on a hand-computed case (cobalt's weighted SD and variance-ratio conventions). */
class BalanceTest {
  static AnalysisUnit unit(double t, double w, double x, double b) {
    AnalysisUnit u = new AnalysisUnit(0, t, new double[] {1, x, b}, Double.NaN);
    u.fixedWeight = w;
    return u;
  }

  @Test
  void weightedSdsVarianceRatiosAndSmd() {
    // Treated x = 1, 2, 4 with weights 1, 1, 2; comparators x = 0, 2 with weights 1, 3; a 0/1 term b.
    List<AnalysisUnit> units = List.of(unit(1, 1, 1, 0), unit(1, 1, 2, 1), unit(1, 2, 4, 1), unit(0, 1, 0, 0), unit(0, 3, 2, 1));
    UnitSource s = UnitSource.of(units);
    double[] weighted = Balance.sums(s, u -> u.fixedWeight, 2);
    double[] unadjusted = Balance.sums(s, u -> 1.0, 2);
    Balance.Row x = Balance.rows("w", weighted, unadjusted, List.of("x", "b")).get(0);
    // Treated: mean 11/4 = 2.75; sum w (x - m)^2 = 6.75; unbiased form 6.75 * 4 / (16 - 6) = 2.7.
    assertEquals(2.75, x.meanTreated(), 1e-12);
    assertEquals(Math.sqrt(2.7), x.sdTreated(), 1e-12);
    // Comparators: mean 1.5; sum w (x - m)^2 = 3; 3 * 4 / (16 - 10) = 2.
    assertEquals(Math.sqrt(2.0), x.sdControl(), 1e-12);
    assertEquals(1.35, x.varianceRatio(), 1e-12);
    // SMD denominator from the unadjusted sample variances 7/3 and 2 (Austin 2009): 1.25 / sqrt(13/6).
    assertEquals(1.25 / Math.sqrt(13.0 / 6), x.smd(), 1e-12);
    Balance.Row b = Balance.rows("w", weighted, unadjusted, List.of("x", "b")).get(1);
    assertTrue(Double.isNaN(b.varianceRatio()), "no variance ratio for a 0/1 term");
    assertEquals(0.75, b.meanTreated(), 1e-12);
  }
}
