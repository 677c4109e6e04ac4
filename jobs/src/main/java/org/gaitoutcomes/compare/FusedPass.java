package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Aggregations registered one by one and then run together in one pass over a {@link UnitSource}
 * (one Spark job instead of one per aggregation). Each registration returns the supplier of its
 * result, which is available once {@link #run} has returned.
 */
final class FusedPass {
  private final List<UnitSource.Part> parts = new ArrayList<>();
  private double[][] results;

  /** Registers an element-wise sum of {@code length} values. */
  Supplier<double[]> sum(int length, UnitSource.Contribution contribution) {
    return add(UnitSource.Part.sum(length, contribution));
  }

  /** Registers element-wise maxima of {@code length} values. */
  Supplier<double[]> max(int length, UnitSource.Contribution contribution) {
    return add(UnitSource.Part.max(length, contribution));
  }

  private Supplier<double[]> add(UnitSource.Part part) {
    if (results != null) {
      throw new IllegalStateException("this pass has already run");
    }
    parts.add(part);
    int i = parts.size() - 1;
    return () -> {
      if (results == null) {
        throw new IllegalStateException("the pass has not run yet");
      }
      return results[i];
    };
  }

  /** Runs every registered aggregation in one pass over the units. */
  void run(UnitSource units) {
    if (results != null) {
      throw new IllegalStateException("this pass has already run");
    }
    results = parts.isEmpty() ? new double[0][] : units.aggregate(parts);
  }
}
