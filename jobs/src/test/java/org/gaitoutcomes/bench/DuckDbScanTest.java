package org.gaitoutcomes.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.simulate.SimulateStage;
import org.gaitoutcomes.simulate.SimulateSummary;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB yardstick counts exactly the rows the simulator wrote, from single files and from part-file folders. */
class DuckDbScanTest {
  static Map<String, DuckDbScan.TableCount> simulateAndScan(Path dir, int patients, int singleFileMax) {
    SparkSession spark = SparkTestSession.get();
    Config config = ConfigFactory.parseMap(Map.of("gait.simulate.seed", 5, "gait.simulate.partitions", 3,
        "gait.simulate.single-file-max-patients", singleFileMax)).withFallback(Settings.defaults()).resolve();
    String input = dir.resolve("input").toUri().toString();
    SimulateSummary summary = SimulateStage.run(spark, config, patients, input);
    Map<String, DuckDbScan.TableCount> counts = DuckDbScan.scan(spark.sparkContext().hadoopConfiguration(), input, 2);
    assertEquals(Schemas.INGEST_TABLES.stream().filter(t -> !t.equals(Schemas.GAIT_SCANS)).count() + 1, counts.size(), counts.toString());
    for (String table : Schemas.INGEST_TABLES) {
      assertEquals(summary.rows().get(table), counts.get(table).rows(), table);
    }
    return counts;
  }

  @Test
  void countsRowsAndPatientsOfSingleFiles(@TempDir Path dir) {
    assertTrue(DuckDbScan.available(), "duckdb_jdbc is a provided dependency: on the test classpath");
    Map<String, DuckDbScan.TableCount> counts = simulateAndScan(dir, 120, 1000);
    assertTrue(Files.isRegularFile(dir.resolve("input/gait_scans.parquet")));
    // one row per patient, two feet, one treatment; every patient has a baseline outcome
    assertEquals(new DuckDbScan.TableCount(120, 120), counts.get(Schemas.PATIENTS));
    assertEquals(new DuckDbScan.TableCount(240, 120), counts.get(Schemas.FOOT_EXAMS));
    assertEquals(new DuckDbScan.TableCount(240, 120), counts.get(Schemas.GAIT_SCANS));
    assertEquals(new DuckDbScan.TableCount(120, 120), counts.get(Schemas.TREATMENTS));
    assertEquals(120, counts.get(Schemas.OUTCOMES).patients());
    assertEquals(DuckDbScan.totalRows(counts), counts.values().stream().mapToLong(DuckDbScan.TableCount::rows).sum());
  }

  @Test
  void countsRowsOfPartFileFolders(@TempDir Path dir) {
    Map<String, DuckDbScan.TableCount> counts = simulateAndScan(dir, 90, 10);
    assertTrue(Files.isDirectory(dir.resolve("input/patients")), "above single_file_max_patients the tables are folders");
    // each CSV part file has its own header: counted once per part, not as a row
    assertEquals(new DuckDbScan.TableCount(90, 90), counts.get(Schemas.PATIENTS));
    assertEquals(new DuckDbScan.TableCount(180, 90), counts.get(Schemas.GAIT_SCANS));
  }

  @Test
  void queryQuotesPathsAndReadsTheArraysOfGaitScans() {
    String q = DuckDbScan.countQuery(new org.gaitoutcomes.ingest.SourceTable(Schemas.GAIT_SCANS, "file:/d/gait_scans",
        org.gaitoutcomes.ingest.SourceFormat.PARQUET, List.of("file:/d/o'k/a.parquet")));
    assertTrue(q.contains("read_parquet(['/d/o''k/a.parquet'])"), q);
    assertTrue(q.contains("len(steps)"), q);
    String csv = DuckDbScan.countQuery(new org.gaitoutcomes.ingest.SourceTable(Schemas.PATIENTS, "file:/d/patients.csv",
        org.gaitoutcomes.ingest.SourceFormat.CSV, List.of("file:/d/patients.csv")));
    assertFalse(csv.contains("steps"), csv);
    assertTrue(csv.contains("all_varchar = true"), csv);
  }

  @Test
  void refusesNonLocalInput() {
    assertTrue(DuckDbScan.local("file:/tmp/x"));
    assertTrue(DuckDbScan.local("/tmp/x"));
    assertFalse(DuckDbScan.local("hdfs://nn:8020/x"));
    GaitException e = assertThrows(GaitException.class,
        () -> DuckDbScan.scan(new org.apache.hadoop.conf.Configuration(), "hdfs://nn:8020/x", 1));
    assertTrue(e.getMessage().contains("local files only"), e.getMessage());
  }
}
