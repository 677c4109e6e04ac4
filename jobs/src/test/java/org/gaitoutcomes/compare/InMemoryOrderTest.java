package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * A distributed source brought into memory holds its units in key order: the same units in one
 * partition, or shuffled across five, give bit-identical in-memory sums (a collect alone returns them
 * in partition order, and floating-point sums depend on the order of their terms).
 */
class InMemoryOrderTest {
  private static final UnitSource.Contribution SUMS = (u, a) -> {
    a[0] += u.y;
    a[1] += u.y * u.x[1];
  };

  @Test
  void inMemorySumsDoNotDependOnPartitionsOrRowOrder() {
    SplittableRandom random = new SplittableRandom(11);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      units.add(new AnalysisUnit(random.nextLong(), random.nextInt(2), new double[] {1, random.nextGaussian()}, random.nextGaussian() * 1e3));
    }
    List<AnalysisUnit> shuffled = new ArrayList<>(units);
    Collections.shuffle(shuffled, new java.util.Random(3));
    // The check can fail: summed in the two orders as given, the totals differ in their last bits.
    assertFalse(java.util.Arrays.equals(UnitSource.of(units).sum(2, SUMS), UnitSource.of(shuffled).sum(2, SUMS)));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    double[] one = UnitSource.of(jsc.parallelize(units, 1)).inMemory().sum(2, SUMS);
    double[] five = UnitSource.of(jsc.parallelize(shuffled, 5)).inMemory().sum(2, SUMS);
    assertArrayEquals(one, five);
  }
}
