package org.gaitoutcomes.compare;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Where the estimators' sums come from: a distributed RDD of units (production) or an in-memory list
 * (unit tests of the formulas). Only fixed-length arrays of sums ever reach the driver.
 */
public interface UnitSource extends Serializable {
  /** Adds one unit's contributions into the accumulator. */
  @FunctionalInterface
  interface Contribution extends Serializable {
    void add(AnalysisUnit unit, double[] acc);
  }

  /** Transforms one unit into another (attaching scores, weights, subsets). */
  @FunctionalInterface
  interface UnitMap extends Serializable {
    AnalysisUnit apply(AnalysisUnit unit);
  }

  double[] sum(int length, Contribution contribution);

  /** Element-wise maxima of the values a unit writes (the accumulator starts at -infinity and holds the running maxima). */
  double[] max(int length, Contribution contribution);

  UnitSource map(UnitMap f);

  static UnitSource of(JavaRDD<AnalysisUnit> rdd) {
    return new RddSource(rdd);
  }

  static UnitSource of(List<AnalysisUnit> units) {
    return new ListSource(units);
  }

  /** Distributed: a tree aggregation of per-partition arrays. */
  final class RddSource implements UnitSource {
    private static final long serialVersionUID = 1L;
    private final transient JavaRDD<AnalysisUnit> rdd;

    RddSource(JavaRDD<AnalysisUnit> rdd) {
      this.rdd = rdd;
    }

    public JavaRDD<AnalysisUnit> rdd() {
      return rdd;
    }

    @Override
    public double[] sum(int length, Contribution contribution) {
      return rdd.treeAggregate(new double[length], (acc, u) -> {
        contribution.add(u, acc);
        return acc;
      }, (a, b) -> {
        for (int i = 0; i < a.length; i++) {
          a[i] += b[i];
        }
        return a;
      });
    }

    @Override
    public double[] max(int length, Contribution contribution) {
      double[] zero = new double[length];
      java.util.Arrays.fill(zero, Double.NEGATIVE_INFINITY);
      return rdd.treeAggregate(zero, (acc, u) -> {
        contribution.add(u, acc);
        return acc;
      }, (a, b) -> {
        for (int i = 0; i < a.length; i++) {
          a[i] = Math.max(a[i], b[i]);
        }
        return a;
      });
    }

    @Override
    public UnitSource map(UnitMap f) {
      return new RddSource(rdd.map(u -> f.apply(u.copy())));
    }
  }

  /** In memory, for tests of the formulas without Spark. */
  final class ListSource implements UnitSource {
    private static final long serialVersionUID = 1L;
    private final List<AnalysisUnit> units;

    ListSource(List<AnalysisUnit> units) {
      this.units = units;
    }

    @Override
    public double[] sum(int length, Contribution contribution) {
      double[] acc = new double[length];
      for (AnalysisUnit u : units) {
        contribution.add(u, acc);
      }
      return acc;
    }

    @Override
    public double[] max(int length, Contribution contribution) {
      double[] acc = new double[length];
      java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
      for (AnalysisUnit u : units) {
        contribution.add(u, acc);
      }
      return acc;
    }

    @Override
    public UnitSource map(UnitMap f) {
      return new ListSource(units.stream().map(u -> f.apply(u.copy())).toList());
    }
  }
}
