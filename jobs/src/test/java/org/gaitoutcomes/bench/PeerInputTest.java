package org.gaitoutcomes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun of the bench into the same output folder: the folder still holds the last run's
 * {@code run.json} (and no commit marker), and the peer's CSV written inside it must still be
 * readable by {@code compare --cohort ... --foreign-table}. Before the fix the second run failed
 * with "peer-input (in the output folder ...) is incomplete".
 */
class PeerInputTest {
  @Test
  void thePeerInputStaysReadableUnderTheLastRunsRecord(@TempDir Path tmp) throws Exception {
    SparkSession spark = SparkTestSession.get();
    Files.writeString(tmp.resolve("run.json"), "{}");
    Path work = Files.createDirectories(tmp.resolve("work/n100"));
    String csv = work.resolve("peer-input").toUri().toString();
    Dataset<Row> table = spark.sql("SELECT CAST(id % 2 AS INT) AS treated, CAST(id AS DOUBLE) AS y FROM range(10)");
    PeerComparison.writePeerInput(table, csv);
    assertEquals(Optional.empty(), StagedOutput.uncommitted(spark.sparkContext().hadoopConfiguration(), csv, true));
    List<Path> parts = Files.list(work.resolve("peer-input")).filter(p -> p.getFileName().toString().endsWith(".csv")).toList();
    assertEquals(1, parts.size(), "one CSV file");
    assertEquals(11, Files.readAllLines(parts.get(0)).size(), "a header and ten rows");
    assertTrue(Files.exists(work.resolve("peer-input").resolve(StagedOutput.MARKER)));
  }
}
