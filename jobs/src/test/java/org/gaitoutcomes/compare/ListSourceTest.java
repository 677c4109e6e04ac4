package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/**
 * The in-memory source sums long lists in parallel chunks: the same sums as one sequential loop (to
 * rounding), bit for bit the same result whatever the number of threads, and maps keep the list's order.
 */
class ListSourceTest {
  private static final int N = 5 * UnitSource.ListSource.CHUNK + 123;

  private static List<AnalysisUnit> units() {
    SplittableRandom random = new SplittableRandom(7);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      units.add(new AnalysisUnit(i, random.nextInt(2), new double[] {1, random.nextGaussian(), random.nextDouble()}, random.nextGaussian() * 1e3));
    }
    return units;
  }

  private static final UnitSource.Contribution MOMENTS = (u, a) -> {
    a[u.t > 0 ? 0 : 1] += 1;
    a[2] += u.y;
    a[3] += u.y * u.x[1];
    a[4] += u.x[2] * u.x[2];
  };

  @Test
  void parallelSumsEqualTheSequentialLoopAndDoNotDependOnTheThreadCount() throws Exception {
    List<AnalysisUnit> units = units();
    double[] loop = new double[5];
    units.forEach(u -> MOMENTS.add(u, loop));
    UnitSource source = UnitSource.of(units);
    double[] common = source.sum(5, MOMENTS);
    double[] oneThread = new ForkJoinPool(1).submit(() -> source.sum(5, MOMENTS)).get();
    double[] threeThreads = new ForkJoinPool(3).submit(() -> source.sum(5, MOMENTS)).get();
    assertEquals(N, common[0] + common[1]);
    for (int j = 0; j < loop.length; j++) {
      assertEquals(loop[j], common[j], 1e-9 * Math.max(1, Math.abs(loop[j])));
    }
    assertArrayEquals(common, oneThread);
    assertArrayEquals(common, threeThreads);
    double[] max = source.max(1, (u, a) -> a[0] = Math.max(a[0], u.y));
    assertEquals(units.stream().mapToDouble(u -> u.y).max().orElseThrow(), max[0]);
  }

  @Test
  void parallelMapKeepsTheOrderOfTheUnits() {
    UnitSource.ListSource mapped = (UnitSource.ListSource) UnitSource.of(units()).map(u -> {
      u.e = u.key;
      return u;
    });
    assertEquals(N, mapped.units().size());
    for (int i = 0; i < N; i++) {
      assertEquals(i, mapped.units().get(i).key);
      assertEquals(i, mapped.units().get(i).e);
    }
  }
}
