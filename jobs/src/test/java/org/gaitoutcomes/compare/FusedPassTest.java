package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.spark.JobCounts;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/**
 * Aggregations fused into one pass give bit for bit what each gives alone, on the in-memory source
 * (a list long enough for parallel chunks) and on the distributed one at several partitionings, and
 * the distributed pass is one Spark job however many aggregations it carries.
 */
class FusedPassTest {
  private static final int N = 3 * UnitSource.ListSource.CHUNK + 17;

  private static List<AnalysisUnit> units() {
    SplittableRandom random = new SplittableRandom(11);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      AnalysisUnit u = new AnalysisUnit(i, random.nextInt(2), new double[] {1, random.nextGaussian(), random.nextInt(2)}, random.nextGaussian() * 1e3);
      u.e = 0.05 + 0.9 * random.nextDouble();
      units.add(u);
    }
    return units;
  }

  private static final UnitSource.Contribution MOMENTS = (u, a) -> {
    a[u.t > 0 ? 0 : 1] += u.y;
    a[2] += u.y * u.x[1];
    a[3] += u.y * u.y;
  };
  private static final UnitSource.Contribution LARGEST = (u, a) -> a[u.t > 0 ? 0 : 1] = Math.max(a[u.t > 0 ? 0 : 1], u.y * u.e);

  /** Three aggregations fused, against the same three run one by one. */
  private static void fusedEqualsSeparate(UnitSource source) {
    FusedPass pass = new FusedPass();
    Supplier<double[]> moments = pass.sum(4, MOMENTS);
    Supplier<double[]> largest = pass.max(2, LARGEST);
    Supplier<double[]> balance = pass.sum(Balance.length(2), Balance.contribution(u -> 1 / u.e, 2));
    pass.run(source);
    assertArrayEquals(source.sum(4, MOMENTS), moments.get());
    assertArrayEquals(source.max(2, LARGEST), largest.get());
    assertArrayEquals(Balance.sums(source, u -> 1 / u.e, 2), balance.get());
  }

  @Test
  void inMemoryFusedPassEqualsEachAggregationAlone() {
    fusedEqualsSeparate(UnitSource.of(units()));
  }

  @Test
  void distributedFusedPassEqualsEachAggregationAloneAndIsOneJob() {
    SparkSession spark = SparkTestSession.get();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int partitions : new int[] {1, 3, 7}) {
      fusedEqualsSeparate(UnitSource.of(jsc.parallelize(units(), partitions)));
    }
    UnitSource source = UnitSource.of(jsc.parallelize(units(), 3));
    JobCounts jobs = JobCounts.attach(spark);
    try {
      double[] merged = jobs.step("fused", () -> {
        FusedPass pass = new FusedPass();
        Supplier<double[]> moments = pass.sum(4, MOMENTS);
        Supplier<double[]> largest = pass.max(2, LARGEST);
        pass.run(source);
        return new double[] {moments.get()[0], largest.get()[0]};
      });
      assertEquals(2, merged.length);
      assertEquals(1L, jobs.counts().get("fused"), "one Spark job for the whole pass");
    } finally {
      jobs.close();
    }
  }

  @Test
  void resultsExistOnlyAfterTheOneRun() {
    FusedPass pass = new FusedPass();
    Supplier<double[]> moments = pass.sum(4, MOMENTS);
    assertThrows(IllegalStateException.class, moments::get);
    pass.run(UnitSource.of(units().subList(0, 10)));
    assertEquals(4, moments.get().length);
    assertThrows(IllegalStateException.class, () -> pass.sum(1, MOMENTS));
    assertThrows(IllegalStateException.class, () -> pass.run(UnitSource.of(units())));
  }
}
