package org.gaitoutcomes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(3.0, Stats.median(new double[] {5, 1, 3}));
    assertEquals(2.5, Stats.median(new double[] {4, 1, 2, 3}));
    assertEquals(1.0, Stats.min(new double[] {4, 1, 2}));
    assertEquals(4.0, Stats.max(new double[] {4, 1, 2}));
  }

  @Test
  void scalingExponentIsTheLogLogSlope() {
    // 10x the data in 10x the time: linear, k = 1.
    assertEquals(1.0, Stats.scalingExponent(100_000, 6.0, 1_000_000, 60.0), 1e-12);
    // 10x the data in 2x the time: k = log10(2) = 0.30103.
    assertEquals(0.30103, Stats.scalingExponent(100_000, 6.0, 1_000_000, 12.0), 1e-5);
    // 4x the data in 16x the time: quadratic.
    assertEquals(2.0, Stats.scalingExponent(1_000, 1.0, 4_000, 16.0), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Stats.scalingExponent(10, 1, 10, 2));
  }

  @Test
  void summaryUsesTheMedianRepetitionAndTheSmallerSize() {
    StageSummary small = StageSummary.of(java.util.List.of(
        new Measurement("s", 1000, 1, 2.0, 1000, 10, 0, 0, 100, 50),
        new Measurement("s", 1000, 2, 1.0, 1000, 30, 0, 0, 300, 40),
        new Measurement("s", 1000, 3, 3.0, 1000, 20, 0, 0, 200, 60)), null);
    assertEquals(2.0, small.medianSeconds());
    assertEquals(1.0, small.minSeconds());
    assertEquals(3.0, small.maxSeconds());
    assertEquals(500.0, small.rowsPerSecond());
    assertEquals(20, small.medianInputBytes());
    assertEquals(300, small.maxDriverPeakHeapBytes());
    assertEquals(60, small.maxDriverHeapAfterGcBytes());
    StageSummary large = StageSummary.of(java.util.List.of(new Measurement("s", 10_000, 1, 20.0, 10_000, 0, 0, 0, 0, 0)), small);
    assertEquals(1.0, large.scalingExponent(), 1e-12);
  }
}
