package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** Adjusted mean trajectories: the weighted (Hajek) mean per arm and day and its fixed-weight sandwich SE. */
class TrajectoriesTest {
  @Test
  void findsBaselineAndChangeColumnsInDayOrder() {
    List<Trajectories.Series> s = Trajectories.find(
        List.of("nrs_baseline", "nrs_change_d84", "nrs_change_d14", "nrs_d84", "odi_change_d84", "rmdq_baseline"), List.of("nrs", "odi", "rmdq"));
    // odi has no baseline column: skipped; rmdq has a baseline but no follow-up: day 0 only.
    assertEquals(2, s.size());
    assertEquals(new Trajectories.Series("nrs", "nrs_baseline", List.of(14, 84), List.of("nrs_change_d14", "nrs_change_d84")), s.get(0));
    assertEquals(1, s.get(1).points());
  }

  @Test
  void weightedMeanAndSandwichByHand() {
    double[] acc = new double[2 * 2 * 6];
    // Treated: y = 2 (w 1) and 4 (w 3) at point 0; point 1 only the first is assessed.
    Trajectories.add(acc, 1, 1, new double[] {2, 5});
    Trajectories.add(acc, 1, 3, new double[] {4, Double.NaN});
    Trajectories.add(acc, 0, 2, new double[] {7, 6});
    Trajectories.Point p = Trajectories.point(acc, 0, 0);
    // mean = (1*2 + 3*4) / 4 = 3.5; var = (1 * 1.5^2 + 9 * 0.5^2) / 4^2 = 0.28125 (sandwich of a weighted mean, weights fixed).
    assertEquals(3.5, p.mean(), 1e-12);
    assertEquals(Math.sqrt(0.28125), p.stdError(), 1e-12);
    assertEquals(2, p.n());
    assertEquals(new Trajectories.Point(5, 0, 1), Trajectories.point(acc, 1, 0));
    assertEquals(new Trajectories.Point(7, 0, 1), Trajectories.point(acc, 0, 1));
  }

  @Test
  void valuesAreTheBaselineAndTheBaselinePlusEachChange() {
    StructType schema = new StructType().add("nrs_baseline", DataTypes.IntegerType).add("nrs_change_d42", DataTypes.IntegerType);
    Dataset<Row> frame = SparkTestSession.get().createDataFrame(List.of(RowFactory.create(6, -2), RowFactory.create(8, null)), schema);
    List<Trajectories.Series> series = Trajectories.find(List.of(frame.columns()), List.of("nrs"));
    List<Row> rows = frame.select(Trajectories.values(series).toArray(Column[]::new)).collectAsList();
    assertEquals(RowFactory.create(6.0, 4.0), rows.get(0));
    assertEquals(RowFactory.create(8.0, null), rows.get(1));
  }

  @Test
  void sumsUseTheEstimandWeightsAndLeaveTrimmedPatientsOut() {
    List<Trajectories.Series> series = List.of(new Trajectories.Series("nrs", "nrs_baseline", List.of(42), List.of("nrs_change_d42")));
    List<AnalysisUnit> units = List.of(
        unit(1, 0.5, 1, 6, 4),
        unit(1, 0.25, 1, 8, Double.NaN),
        unit(0, 0.5, 1, 5, 4),
        unit(0, 0.02, 0, 9, 0));
    for (UnitSource source : List.of(UnitSource.of(units), UnitSource.of(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(units, 3)))) {
      double[] sums = Trajectories.sums(source, series, Estimand.ATE);
      // ATE weights 1/e for treated: 2 and 4. Day 0 treated mean (2*6 + 4*8) / 6 = 44/6; day 42 only the first: 4.
      assertEquals(44.0 / 6, Trajectories.point(sums, 0, 0).mean(), 1e-12);
      assertEquals(4, Trajectories.point(sums, 1, 0).mean(), 1e-12);
      assertEquals(1, Trajectories.point(sums, 1, 0).n());
      // The trimmed comparator (subset 0) is left out: only 5 and 4 remain.
      assertEquals(new Trajectories.Point(5, 0, 1), Trajectories.point(sums, 0, 1));
      assertEquals(4, Trajectories.point(sums, 1, 1).mean(), 1e-12);
    }
  }

  private static AnalysisUnit unit(double t, double e, double subset, double... trajectory) {
    AnalysisUnit u = new AnalysisUnit(0, t, new double[] {1}, Double.NaN);
    u.e = e;
    u.ew = e;
    u.subset = subset;
    u.trajectory = trajectory;
    return u;
  }
}
