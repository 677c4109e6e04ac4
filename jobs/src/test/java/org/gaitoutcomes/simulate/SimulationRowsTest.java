package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CSV number formatting is String.format's, character for character. */
class SimulationRowsTest {
  static String reference(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  @Test
  void fmtRoundsLikeStringFormatOnTiesSignsAndLargeValues() {
    // hand-checked: Java's %f rounds the shortest decimal half-up (1.005 -> "1.01", though the double is below 1.005)
    assertEquals("1.01", SimulationRows.fmt(1.005, 2));
    assertEquals("0.3", SimulationRows.fmt(0.25, 1));
    assertEquals("-0.0", SimulationRows.fmt(-0.04, 1));
    assertEquals("-0.0", SimulationRows.fmt(-0.0, 1));
    assertEquals("10000000.0", SimulationRows.fmt(1e7, 1));
    assertEquals("NaN", SimulationRows.fmt(Double.NaN, 1));
    double[] edges = {0.05, 0.15, 0.35, 2.675, -0.05, -2.5, 0.0, 123456789.25, 1e-5, -1e-5, 9.95, 99.95, 1e20, Double.MIN_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double v : edges) {
      for (int d = 0; d <= 3; d++) {
        assertEquals(reference(v, d), SimulationRows.fmt(v, d), v + " to " + d + " decimals");
      }
    }
  }

  @Test
  void fmtEqualsStringFormatOnRandomValues() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 400_000; i++) {
      double v = switch (i % 4) {
        case 0 -> r.nextDouble() * 200 - 50;
        case 1 -> Math.round(r.nextDouble() * 20000) / 1000.0;
        case 2 -> (r.nextInt(4000) + 0.5) / 10.0 * (r.nextBoolean() ? 1 : -1);
        default -> r.nextGaussian() * 1e4;
      };
      int d = 1 + i % 2;
      assertEquals(reference(v, d), SimulationRows.fmt(v, d), v + " to " + d + " decimals");
    }
  }
}
