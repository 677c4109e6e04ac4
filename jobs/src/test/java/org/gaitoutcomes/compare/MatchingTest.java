package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** Caliper nearest-neighbour matching against a brute-force search (test-sized data generated on the driver). */
class MatchingTest {
  static final StructType SCHEMA = new StructType().add("_key", DataTypes.LongType).add("_t", DataTypes.DoubleType).add("_lg", DataTypes.DoubleType);

  static Map<Long, Double> weights(Dataset<Row> w) {
    Map<Long, Double> m = new HashMap<>();
    for (Row r : w.select("_key", "_wm").collectAsList()) {
      m.put(r.getLong(0), r.getDouble(1));
    }
    return m;
  }

  @Test
  void matchesAcrossBinBoundariesAndRespectsTheCaliper() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = List.of(
        RowFactory.create(1L, 1.0, 0.19), RowFactory.create(2L, 0.0, 0.01), RowFactory.create(3L, 0.0, 0.21),
        RowFactory.create(4L, 1.0, 5.0), RowFactory.create(5L, 0.0, 5.5));
    Matching.Result r = Matching.match(spark.createDataFrame(rows, SCHEMA), 1, 0.2);
    Map<Long, Double> w = weights(r.weights());
    // Treated 1's nearest control is 3 (0.02 away, in the next bin), not 2 (0.18, same bin); treated 4 has none within 0.2.
    assertEquals(Map.of(1L, 1.0, 3L, 1.0), w);
    assertEquals(1, r.treatedMatched());
    assertEquals(1, r.treatedUnmatched());
  }

  @Test
  void withoutReplacementEachControlServesOnce() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = List.of(
        RowFactory.create(1L, 1.0, 0.0), RowFactory.create(2L, 1.0, 0.05),
        RowFactory.create(3L, 0.0, 0.02), RowFactory.create(4L, 0.0, 0.3));
    // Both treated want control 3; it takes the closer (1, 0.02 away); treated 2 then gets control 4 (0.25 away).
    Matching.Result wide = Matching.matchWithoutReplacement(spark.createDataFrame(rows, SCHEMA), 1, 0.4, 10);
    assertEquals(Map.of(1L, 1.0, 2L, 1.0, 3L, 1.0, 4L, 1.0), weights(wide.weights()));
    // With a 0.1 caliper control 4 is out of reach: treated 2 stays unmatched.
    Matching.Result narrow = Matching.matchWithoutReplacement(spark.createDataFrame(rows, SCHEMA), 1, 0.1, 10);
    assertEquals(Map.of(1L, 1.0, 3L, 1.0), weights(narrow.weights()));
    assertEquals(1, narrow.treatedUnmatched());
    // With replacement both use control 3.
    assertEquals(Map.of(1L, 1.0, 2L, 1.0, 3L, 2.0), weights(Matching.match(spark.createDataFrame(rows, SCHEMA), 1, 0.4).weights()));
  }

  @Test
  void equalsBruteForceOneToTwo() {
    SparkSession spark = SparkTestSession.get();
    Random rnd = new Random(5);
    List<Row> rows = new ArrayList<>();
    List<double[]> controls = new ArrayList<>();
    List<double[]> treated = new ArrayList<>();
    for (long i = 0; i < 600; i++) {
      boolean t = rnd.nextDouble() < 0.3;
      double lg = Math.round((rnd.nextGaussian() + (t ? 0.8 : 0)) * 1000) / 1000.0;
      rows.add(RowFactory.create(i, t ? 1.0 : 0.0, lg));
      (t ? treated : controls).add(new double[] {i, lg});
    }
    double caliper = 0.05;
    int k = 2;
    Map<Long, Double> expected = new HashMap<>();
    for (double[] tr : treated) {
      List<double[]> near = new ArrayList<>();
      for (double[] c : controls) {
        if (Math.abs(c[1] - tr[1]) <= caliper) {
          near.add(c);
        }
      }
      near.sort((a, b) -> {
        int byDistance = Double.compare(Math.abs(a[1] - tr[1]), Math.abs(b[1] - tr[1]));
        return byDistance != 0 ? byDistance : Long.compare((long) a[0], (long) b[0]);
      });
      List<double[]> chosen = near.subList(0, Math.min(k, near.size()));
      if (!chosen.isEmpty()) {
        expected.put((long) tr[0], 1.0);
        for (double[] c : chosen) {
          expected.merge((long) c[0], 1.0 / chosen.size(), Double::sum);
        }
      }
    }
    Map<Long, Double> actual = weights(Matching.match(spark.createDataFrame(rows, SCHEMA).repartition(3), k, caliper).weights());
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((key, v) -> assertEquals(v, actual.get(key), 1e-12, "unit " + key));
    // The in-memory matcher (small analysis tables) finds the same matches, ties included (logits rounded to 0.001).
    long[] keys = rows.stream().mapToLong(r -> r.getLong(0)).toArray();
    double[] t = rows.stream().mapToDouble(r -> r.getDouble(1)).toArray();
    double[] lg = rows.stream().mapToDouble(r -> r.getDouble(2)).toArray();
    Matching.InMemoryResult local = Matching.matchInMemory(keys, t, lg, k, caliper);
    assertEquals(expected.keySet(), local.weights().keySet());
    expected.forEach((key, v) -> assertEquals(v, local.weights().get(key), 1e-12, "unit " + key + " in memory"));
    assertEquals(treated.size(), local.treatedMatched() + local.treatedUnmatched());
    assertEquals(expected.size() - local.treatedMatched(), local.controlsUsed());
  }
}
