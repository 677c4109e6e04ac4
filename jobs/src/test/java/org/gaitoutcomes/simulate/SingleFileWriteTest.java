package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A single-file table written from several partitions holds every row once, in partition order. */
class SingleFileWriteTest {
  @TempDir
  Path tmp;

  static Dataset<Row> data(SparkSession spark) {
    return spark.range(0, 1000, 1, 4).selectExpr("concat('P', lpad(cast(id as string), 5, '0')) as patient_id",
        "cast(id % 7 as string) as v", "array(cast(id as float), cast(id * 0.5 as float)) as a");
  }

  @Test
  void parquetPartsAreJoinedInPartitionOrder() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> d = data(spark);
    assertEquals(1000L, SimulateStage.writeParquet(spark, d, tmp.toString(), "t", true));
    Path file = tmp.resolve("t.parquet");
    assertTrue(Files.isRegularFile(file));
    assertFalse(Files.exists(tmp.resolve("t.parquet.tmp")));
    List<Row> back = spark.read().parquet(file.toString()).collectAsList();
    // driver-safe in a test: 1,000 rows
    assertEquals(d.collectAsList(), back);
    assertEquals(d.schema().asNullable(), spark.read().parquet(file.toString()).schema());
  }

  @Test
  void csvIsHeaderThenThePartsLinesAsOneTaskWouldWriteThem() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> d = data(spark).drop("a");
    assertEquals(1000L, SimulateStage.writeCsv(spark, d, tmp.toString(), "t", true));
    String joined = Files.readString(tmp.resolve("t.csv"));
    // the reference: what coalesce(1) writes (the previous single-file path)
    String reference = tmp.resolve("ref").toString();
    d.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(reference);
    Path part;
    try (var files = Files.list(Path.of(reference))) {
      part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
    }
    assertEquals(Files.readString(part), joined);
    assertEquals("patient_id,v", joined.lines().findFirst().orElseThrow());
    assertEquals(1001, joined.lines().count());
    assertEquals("P00999,5", joined.lines().skip(1000).collect(Collectors.joining()));
  }
}
