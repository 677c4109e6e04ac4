package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV analysis table is typed from all its values: nothing becomes missing, and the counts feed the covariate check. */
class AnalysisTableTest {
  @Test
  void csvColumnsAreTypedFromEveryValue(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("table.csv");
    Files.writeString(csv, String.join("\n",
        "id,age,score,flag,site,mixed,empty,ids",
        "P1,40,1.5,true,A,3,NA,007",
        "P2,NA,2,FALSE,B,x,,010",
        "P3,52,-0.25,false,A,4.5,NA,123",
        ""));
    AnalysisTable.Read read = AnalysisTable.readWithCounts(SparkTestSession.get(), csv.toUri().toString());
    Map<String, String> types = new java.util.LinkedHashMap<>();
    for (StructField f : read.table().schema().fields()) {
      types.put(f.name(), f.dataType().simpleString());
    }
    // Whole numbers -> bigint, numbers -> double, true/false in any case -> boolean; a column with one
    // non-number ("x") stays text, so "x" is not silently made missing; no values -> text.
    assertEquals(Map.of("id", "string", "age", "bigint", "score", "double", "flag", "boolean", "site", "string", "mixed", "string",
        "empty", "string", "ids", "bigint"), types);
    assertEquals(Map.of("id", 3L, "age", 2L, "score", 3L, "flag", 3L, "site", 3L, "mixed", 3L, "empty", 0L, "ids", 3L), read.valueCounts());
    // driver-safe: a three-row test table
    List<Row> rows = read.table().orderBy("id").collectAsList();
    assertEquals(2.0, rows.get(1).<Double>getAs("score"), 0);
    assertEquals(false, rows.get(1).<Boolean>getAs("flag"));
    assertEquals("x", rows.get(1).<String>getAs("mixed"));
    assertEquals(7L, rows.get(0).<Long>getAs("ids"));
  }
}
