package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The propensity AUC (Mann-Whitney with ties counted one half) computed in range-partitioned bands. */
class PropensityAucTest {
  private static final StructType SCHEMA = new StructType().add("_t", DataTypes.IntegerType).add("_e", DataTypes.DoubleType);

  private static Dataset<Row> scored(List<Row> rows, int partitions) {
    SparkSession spark = SparkTestSession.get();
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  @Test
  void handComputedWithTies() {
    // Treated e = 0.3, 0.6, 0.8; controls e = 0.2, 0.3, 0.5, 0.6.
    // Pairs (treated > control, ties 1/2): 0.3 -> 1 + 0.5 = 1.5; 0.6 -> 3 + 0.5 = 3.5; 0.8 -> 4. Sum 9 of 12 pairs = 0.75
    // (Mann-Whitney U / (n1 n0), Hanley and McNeil 1982).
    List<Row> rows = List.of(RowFactory.create(1, 0.3), RowFactory.create(1, 0.6), RowFactory.create(1, 0.8),
        RowFactory.create(0, 0.2), RowFactory.create(0, 0.3), RowFactory.create(0, 0.5), RowFactory.create(0, 0.6));
    assertEquals(0.75, PropensityDiagnostics.auc(scored(rows, 1)), 1e-12);
    assertEquals(0.75, PropensityDiagnostics.auc(scored(rows, 5)), 1e-12);
  }

  @Test
  void agreesWithAllPairsWhateverThePartitioning() {
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      int t = random.nextDouble() < 0.4 ? 1 : 0;
      // Rounded to 3 decimals so many values tie within and across arms.
      double e = Math.round(1000 * Math.min(0.999, Math.max(0.001, 0.4 + 0.15 * t + 0.2 * random.nextGaussian()))) / 1000.0;
      rows.add(RowFactory.create(t, e));
    }
    double pairs = 0;
    double wins = 0;
    for (Row a : rows) {
      for (Row b : rows) {
        if (a.getInt(0) == 1 && b.getInt(0) == 0) {
          pairs++;
          wins += a.getDouble(1) > b.getDouble(1) ? 1 : a.getDouble(1) == b.getDouble(1) ? 0.5 : 0;
        }
      }
    }
    double expected = wins / pairs;
    assertEquals(expected, PropensityDiagnostics.auc(scored(rows, 1)), 1e-12);
    assertEquals(expected, PropensityDiagnostics.auc(scored(rows, 7)), 1e-12);
  }
}
