package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.spark.ClusterCheck;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCheckTest {
  @TempDir
  Path tmp;

  @Test
  void digitSum() {
    assertEquals(0, ClusterCheck.digitSum(0L));
    assertEquals(10, ClusterCheck.digitSum(1234L));
    assertEquals(9 * 18, ClusterCheck.digitSum(999_999_999_999_999_999L));
  }

  @Test
  void sameOutputWhateverThePartitioning() {
    SparkSession spark = SparkTestSession.get();
    Path one = tmp.resolve("one");
    Path five = tmp.resolve("five");
    ClusterCheck.Summary a = ClusterCheck.run(spark, 1000, 1, one.toUri().toString());
    ClusterCheck.Summary b = ClusterCheck.run(spark, 1000, 5, five.toUri().toString());
    assertEquals(a, b);
    // Rows 0..999: each of the three digit positions runs through 0..9 a hundred times, 3 * 45 * 100.
    assertEquals(13_500, a.digitSumTotal());
    assertEquals(1000, a.rows());
    assertEquals(ClusterCheck.GROUPS, a.groups());
    assertEquals(3L * ClusterCheck.GROUPS, a.topRows());
    long valueTotal = spark.read().parquet(one.resolve("rows").toString()).agg(org.apache.spark.sql.functions.sum("value"))
        .as(org.apache.spark.sql.Encoders.LONG()).first();
    assertEquals(valueTotal, a.valueTotal());
    assertEquals(List.of(), OutputComparison.compare(spark, one, five));
  }
}
