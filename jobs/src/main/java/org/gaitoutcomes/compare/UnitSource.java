package org.gaitoutcomes.compare;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Where the estimators' sums come from: a distributed RDD of units, or an in-memory list (analysis
 * tables below {@code gait.study.in-memory-max-rows}, and unit tests of the formulas). Both run the
 * same contributions, so both give the same numbers up to the order of floating-point additions (the
 * in-memory source, held in key order, gives the same bits however the table was partitioned; the
 * distributed one merges per-partition sums); from the distributed source only fixed-length arrays of
 * sums reach the driver.
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

  /** Merges two partial accumulators into the first. */
  @FunctionalInterface
  interface Merge extends Serializable {
    void into(double[] acc, double[] other);
  }

  /** One aggregation: each unit adds into a copy of {@code zero}; partial results are merged. */
  record Part(double[] zero, Contribution contribution, Merge merge) implements Serializable {
    /** Element-wise sums of the values a unit adds. */
    public static Part sum(int length, Contribution contribution) {
      return new Part(new double[length], contribution, (a, b) -> {
        for (int i = 0; i < a.length; i++) {
          a[i] += b[i];
        }
      });
    }

    /** Element-wise maxima of the values a unit writes (the accumulator starts at -infinity and holds the running maxima). */
    public static Part max(int length, Contribution contribution) {
      double[] zero = new double[length];
      java.util.Arrays.fill(zero, Double.NEGATIVE_INFINITY);
      return new Part(zero, contribution, (a, b) -> {
        for (int i = 0; i < a.length; i++) {
          a[i] = Math.max(a[i], b[i]);
        }
      });
    }
  }

  /**
   * Several aggregations in one pass over the units (one Spark job on the distributed source). Result
   * i is part i's, bit for bit what that part alone gives: every part sees the units in the same
   * order and its partial results merge in the same tree.
   */
  double[][] aggregate(List<Part> parts);

  /** A general aggregation: each unit adds into a copy of {@code zero}; partial results are merged. */
  default double[] aggregate(double[] zero, Contribution contribution, Merge merge) {
    return aggregate(List.of(new Part(zero, contribution, merge)))[0];
  }

  /** Element-wise sums of the values a unit adds. */
  default double[] sum(int length, Contribution contribution) {
    return aggregate(List.of(Part.sum(length, contribution)))[0];
  }

  /** Element-wise maxima of the values a unit writes. */
  default double[] max(int length, Contribution contribution) {
    return aggregate(List.of(Part.max(length, contribution)))[0];
  }

  /** A fresh copy of every part's zero. */
  private static double[][] zeros(List<Part> parts) {
    double[][] z = new double[parts.size()][];
    for (int i = 0; i < z.length; i++) {
      z[i] = parts.get(i).zero().clone();
    }
    return z;
  }

  /** This source with its units held in the driver's memory (one pass); an in-memory source returns itself. */
  UnitSource inMemory();

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
    public double[][] aggregate(List<Part> parts) {
      List<Part> fixed = List.copyOf(parts);
      return rdd.treeAggregate(zeros(fixed), (acc, u) -> {
        for (int i = 0; i < acc.length; i++) {
          fixed.get(i).contribution().add(u, acc[i]);
        }
        return acc;
      }, (a, b) -> {
        for (int i = 0; i < a.length; i++) {
          fixed.get(i).merge().into(a[i], b[i]);
        }
        return a;
      });
    }

    /**
     * The units in key order: a collect returns them in partition order, which depends on how the
     * analysis table was split into files and partitions, and the in-memory sums are added in list
     * order. Sorted, the same table gives bit-identical numbers however it was partitioned (keys are
     * 64-bit hashes of distinct ids; units with equal keys, should two ids collide, keep their collect order).
     */
    @Override
    public UnitSource inMemory() {
      // driver-safe: called only for analysis tables below gait.study.in-memory-max-rows
      List<AnalysisUnit> units = new java.util.ArrayList<>(rdd.collect());
      units.sort(java.util.Comparator.comparingLong(u -> u.key));
      return new ListSource(units);
    }

    @Override
    public UnitSource map(UnitMap f) {
      return new RddSource(rdd.map(u -> f.apply(u.copy())));
    }
  }

  /**
   * In memory: small analysis tables, and tests of the formulas without Spark. A list longer than
   * {@value #CHUNK} units is summed in up to {@value #MAX_CHUNKS} contiguous chunks (at least
   * {@value #CHUNK} units each) on the common fork-join pool, and the chunks' sums are merged in chunk
   * order: the chunks depend on the list's length alone, so the result does not depend on the number
   * of cores. A contribution runs on several threads at once, as in a Spark executor; it writes only
   * into its accumulator.
   */
  final class ListSource implements UnitSource {
    private static final long serialVersionUID = 1L;
    /** Fewest units per chunk of a parallel sum, and the length from which a map runs in parallel. */
    static final int CHUNK = 16_384;
    /** Most chunks of a parallel sum (each holds an accumulator: a forest level's is several MB). */
    static final int MAX_CHUNKS = 8;
    private final List<AnalysisUnit> units;

    ListSource(List<AnalysisUnit> units) {
      this.units = units instanceof java.util.RandomAccess ? units : new java.util.ArrayList<>(units);
    }

    @Override
    public double[][] aggregate(List<Part> parts) {
      int n = units.size();
      int chunks = Math.min(MAX_CHUNKS, Math.max(1, n / CHUNK));
      if (chunks == 1) {
        return chunkSum(parts, 0, n);
      }
      double[][][] partial = new double[chunks][][];
      java.util.stream.IntStream.range(0, chunks).parallel()
          .forEach(c -> partial[c] = chunkSum(parts, (int) ((long) c * n / chunks), (int) ((long) (c + 1) * n / chunks)));
      double[][] acc = partial[0];
      for (int c = 1; c < chunks; c++) {
        for (int i = 0; i < acc.length; i++) {
          parts.get(i).merge().into(acc[i], partial[c][i]);
        }
      }
      return acc;
    }

    private double[][] chunkSum(List<Part> parts, int from, int to) {
      double[][] acc = zeros(parts);
      for (int j = from; j < to; j++) {
        AnalysisUnit u = units.get(j);
        for (int i = 0; i < acc.length; i++) {
          parts.get(i).contribution().add(u, acc[i]);
        }
      }
      return acc;
    }

    @Override
    public UnitSource inMemory() {
      return this;
    }

    public List<AnalysisUnit> units() {
      return units;
    }

    @Override
    public UnitSource map(UnitMap f) {
      java.util.stream.Stream<AnalysisUnit> stream = units.size() > CHUNK ? units.parallelStream() : units.stream();
      return new ListSource(stream.map(u -> f.apply(u.copy())).toList());
    }
  }
}
