package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputComparisonTest {
  private static final StructType SCHEMA = new StructType()
      .add("arm", DataTypes.StringType)
      .add("n", DataTypes.LongType)
      .add("effect", DataTypes.DoubleType)
      .add("values", DataTypes.createArrayType(DataTypes.DoubleType));

  @TempDir
  Path tmp;
  private SparkSession spark;
  private Path expected;
  private Path actual;

  @BeforeEach
  void writeExpected() throws IOException {
    spark = SparkTestSession.get();
    expected = tmp.resolve("a");
    actual = tmp.resolve("b");
    writeOutput(expected, List.of(row("custom", 120, -1.75, 1.0, 2.0), row("otc", 118, -0.5, 3.0, 4.0)), 1,
        "{\"estimate\": -1.25, \"n\": 238, \"started_at\": \"2026-01-01T10:00:00Z\", \"out\": \"" + expected.toUri() + "\"}",
        "arm,effect\ncustom,-1.75\notc,-0.5\n");
  }

  @Test
  void equalWhenOnlyRowOrderPartitioningVolatileFieldsAndOwnPathDiffer() throws IOException {
    writeOutput(actual, List.of(row("otc", 118, -0.5, 3.0, 4.0), row("custom", 120, -1.75, 1.0, 2.0)), 2,
        "{\"estimate\": -1.25, \"n\": 238, \"started_at\": \"2026-02-02T11:11:11Z\", \"out\": \"" + actual.toUri() + "\"}",
        "arm,effect\notc,-0.5\ncustom,-1.75\n");
    assertEquals(List.of(), OutputComparison.compare(spark, expected, actual));
  }

  @Test
  void toleratesLastBitDifferencesInDoublesOnly() throws IOException {
    writeOutput(actual, List.of(row("custom", 120, -1.75 * (1 + 1e-13), 1.0, 2.0), row("otc", 118, -0.5, 3.0, 4.0)), 1,
        "{\"estimate\": -1.2500000000001, \"n\": 238, \"started_at\": \"x\", \"out\": \"" + actual.toUri() + "\"}",
        "arm,effect\ncustom,-1.7500000000000002\notc,-0.5\n");
    assertEquals(List.of(), OutputComparison.compare(spark, expected, actual));
  }

  @Test
  void reportsAChangedParquetValue() throws IOException {
    writeOutput(actual, List.of(row("custom", 120, -1.75, 1.0, 2.0), row("otc", 118, -0.5, 3.0, 4.000001)), 1,
        "{\"estimate\": -1.25, \"n\": 238, \"started_at\": \"x\", \"out\": \"" + actual.toUri() + "\"}",
        "arm,effect\ncustom,-1.75\notc,-0.5\n");
    List<String> diffs = OutputComparison.compare(spark, expected, actual);
    assertEquals(1, diffs.size(), diffs.toString());
    assertTrue(diffs.get(0).startsWith("table: rows differ"), diffs.get(0));
  }

  @Test
  void reportsAMissingRowChangedJsonAndCsvAndExtraFile() throws IOException {
    writeOutput(actual, List.of(row("custom", 120, -1.75, 1.0, 2.0)), 1,
        "{\"estimate\": -1.26, \"n\": 238, \"started_at\": \"x\", \"out\": \"" + actual.toUri() + "\"}",
        "arm,effect\ncustom,-1.75\notc,-0.6\n");
    Files.writeString(actual.resolve("extra.txt"), "x");
    List<String> diffs = OutputComparison.compare(spark, expected, actual);
    assertEquals(List.of(
        "extra.txt: unexpected",
        "result.csv: rows differ, first at sorted position 1: [otc, -0.5] vs [otc, -0.6]",
        "result.json: differs at .estimate (-1.25 vs -1.26)",
        "table: expected 2 rows but found 1"), diffs);
  }

  @Test
  void reportsASchemaChange() throws IOException {
    writeOutput(expected.resolveSibling("c"), List.of(), 1, "{}", "");
    Files.createDirectories(actual);
    Dataset<Row> renamed = spark.createDataFrame(List.of(row("custom", 120, -1.75, 1.0, 2.0), row("otc", 118, -0.5, 3.0, 4.0)), SCHEMA)
        .withColumnRenamed("effect", "estimate");
    renamed.write().parquet(actual.resolve("table").toString());
    Files.writeString(actual.resolve("result.json"), Files.readString(expected.resolve("result.json")).replace(expected.toString(), actual.toString()));
    Files.copy(expected.resolve("result.csv"), actual.resolve("result.csv"));
    List<String> diffs = OutputComparison.compare(spark, expected, actual);
    assertEquals(1, diffs.size(), diffs.toString());
    assertTrue(diffs.get(0).startsWith("table: schema differs"), diffs.get(0));
  }

  @Test
  void collapsesPartFilesAndModelUids() throws IOException {
    Path root = tmp.resolve("files");
    Files.createDirectories(root.resolve("model/stages/0_scaler_0123456789ab/data"));
    Files.writeString(root.resolve("model/stages/0_scaler_0123456789ab/data/part-00000-x.snappy.parquet"), "");
    Files.writeString(root.resolve("model/stages/0_scaler_0123456789ab/data/part-00001-y.snappy.parquet"), "");
    Files.writeString(root.resolve("model/stages/0_scaler_0123456789ab/data/.part-00000-x.snappy.parquet.crc"), "");
    Files.writeString(root.resolve("_COMMITTED"), "");
    assertEquals(List.of("_COMMITTED", "model/stages/0_scaler_<uid>/data/part-*.parquet"),
        List.copyOf(OutputComparison.files(root).keySet()));
    assertFalse(OutputComparison.closeEnough(1.0, 1.0 + 1e-6));
    assertTrue(OutputComparison.closeEnough(Double.NaN, Double.NaN));
  }

  private void writeOutput(Path root, List<Row> rows, int partitions, String json, String csv) throws IOException {
    Files.createDirectories(root);
    spark.createDataFrame(rows, SCHEMA).repartition(partitions).write().parquet(root.resolve("table").toString());
    Files.writeString(root.resolve("result.json"), json, StandardCharsets.UTF_8);
    Files.writeString(root.resolve("result.csv"), csv, StandardCharsets.UTF_8);
  }

  private static Row row(String arm, long n, double effect, double... values) {
    return RowFactory.create(arm, n, effect, scala.collection.JavaConverters.asScalaBuffer(
        java.util.Arrays.stream(values).boxed().toList()).toSeq());
  }
}
