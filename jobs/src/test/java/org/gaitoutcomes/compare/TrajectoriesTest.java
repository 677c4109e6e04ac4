package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
  void distributedSumsUseTheEstimandWeightsAndLeaveTrimmedPatientsOut() {
    StructType schema = new StructType().add("_t", DataTypes.DoubleType).add("_e", DataTypes.DoubleType)
        .add("nrs_baseline", DataTypes.IntegerType).add("nrs_change_d42", DataTypes.IntegerType);
    Dataset<Row> design = SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create(1.0, 0.5, 6, -2),
        RowFactory.create(1.0, 0.25, 8, null),
        RowFactory.create(0.0, 0.5, 5, -1),
        RowFactory.create(0.0, 0.02, 9, -9)), schema).repartition(3);
    List<Trajectories.Series> series = Trajectories.find(List.of(design.columns()), List.of("nrs"));
    double[] sums = Trajectories.sums(design, series, Estimand.ATE, null, 0.05);
    // ATE weights 1/e for treated: 2 and 4. Day 0 treated mean (2*6 + 4*8) / 6 = 44/6; day 42 only the first: 6 - 2 = 4.
    assertEquals(44.0 / 6, Trajectories.point(sums, 0, 0).mean(), 1e-12);
    assertEquals(4, Trajectories.point(sums, 1, 0).mean(), 1e-12);
    assertEquals(1, Trajectories.point(sums, 1, 0).n());
    // The comparator with e = 0.02 < trim 0.05 is left out: only 5 and 5 - 1 = 4 remain.
    assertEquals(new Trajectories.Point(5, 0, 1), Trajectories.point(sums, 0, 1));
    assertEquals(4, Trajectories.point(sums, 1, 1).mean(), 1e-12);
  }
}
