package org.gaitoutcomes.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.testing.RepoPaths;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportScansStageTest {
  @TempDir
  Path tmp;

  @Test
  void importsGoodFilesAndQuarantinesBadOnesWithReconcilingCounts() throws IOException {
    Path pedar = RepoPaths.sharedFixture("pressure/pedar_example.asc");
    Path fscan = RepoPaths.sharedFixture("pressure/fscan_testL.asf");
    Path emed = RepoPaths.sharedFixture("pressure/emed_test.lst");
    Path scans = Files.createDirectories(tmp.resolve("scans"));
    Files.createDirectories(scans.resolve("clinic"));
    Files.copy(pedar, scans.resolve("clinic/walk1.asc"));
    Files.copy(fscan, scans.resolve("walk2.asf"));
    Files.copy(emed, scans.resolve("walk3.lst"));
    byte[] all = Files.readAllBytes(pedar);
    Files.write(scans.resolve("cut.asc"), Arrays.copyOf(all, all.length / 3));
    Files.writeString(scans.resolve("manifest.csv"), String.join("\n",
        "file,scan_id,patient_id,visit_day,device,side",
        "clinic/walk1.asc,SCAN0001,PAT0001,0,pedar,",
        "walk2.asf,SCAN0002,PAT0002,-3,fscan,L",
        "walk3.lst,SCAN0003,PAT0003,5,emed,R",
        "cut.asc,SCAN0004,PAT0004,0,pedar,",
        "missing.asf,SCAN0005,PAT0005,0,fscan,R",
        "walk3.lst,SCAN0006,PAT0006,0,emed,L",
        "walk2.asf,SCAN0007,PAT0007,0,zebris,L",
        ""));
    SparkSession spark = SparkTestSession.get();
    String out = tmp.resolve("out/scans").toUri().toString();
    String bad = tmp.resolve("out/scans-quarantine").toUri().toString();
    ImportScansStage.Summary s = ImportScansStage.run(spark, Settings.defaults(), scans.toUri().toString(),
        scans.resolve("manifest.csv").toUri().toString(), out, bad);
    assertEquals(7, s.filesListed());
    assertEquals(3, s.filesImported());
    assertEquals(4, s.filesQuarantined());
    assertEquals(s.filesListed(), s.filesImported() + s.filesQuarantined());
    assertEquals(4, s.scanRows()); // pedar L + R, F-Scan, emed

    Dataset<Row> rows = spark.read().parquet(out);
    assertEquals(List.of(ScanRows.schema().fieldNames()), List.of(rows.columns()));
    Map<String, Row> byKey = rows.selectExpr("concat(scan_id, side) AS k", "device", "visit_day", "sampling_hz", "cell_rows",
            "cell_cols", "row_spacing_mm", "size(frames) AS n", "steps IS NULL AS no_steps").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    assertEquals(4, byKey.size());
    assertEquals(1505, byKey.get("SCAN0001L").getInt(7));
    assertEquals(1505, byKey.get("SCAN0001R").getInt(7));
    assertEquals(15, byKey.get("SCAN0001R").getInt(4));
    assertEquals(205, byKey.get("SCAN0002L").getInt(7));
    assertEquals(-3, byKey.get("SCAN0002L").getInt(2));
    assertEquals(31.25, byKey.get("SCAN0002L").getDouble(3), 1e-9);
    assertEquals(5.08, byKey.get("SCAN0002L").getDouble(6), 1e-9);
    assertEquals(106, byKey.get("SCAN0003R").getInt(7));
    assertEquals(5.0, byKey.get("SCAN0003R").getDouble(6), 1e-9);
    assertTrue(byKey.get("SCAN0003R").getBoolean(8));

    // No identifying header metadata anywhere in the output rows.
    String text = String.join("\n", rows.toJSON().collectAsList()).toLowerCase(Locale.ROOT);
    for (String banned : List.of("subj", "c:\\", "tekscan", "novel", "2017", "25.04.23", "20150225", "116-1974",
        "pxf306", "1865l", "3di_s001", "overground", "walk1", "clinic")) {
      assertFalse(text.contains(banned), "output carries '" + banned + "'");
    }

    List<Row> q = spark.read().parquet(bad).orderBy("source_file", "rule").collectAsList();
    assertEquals(4, q.size());
    Map<String, Row> qByFile = q.stream().collect(Collectors.toMap(r -> r.getString(1) + "/" + r.getString(3) + "/" + r.get(2), r -> r));
    Row cut = q.stream().filter(r -> "cut.asc".equals(r.getString(1))).findFirst().orElseThrow();
    assertEquals("SCAN_PARSE", cut.getString(3));
    assertTrue(cut.getLong(2) > 10, "line of the truncation");
    assertTrue(cut.getString(6).startsWith("cut.asc: line "), cut.getString(6));
    Row missing = q.stream().filter(r -> "missing.asf".equals(r.getString(1))).findFirst().orElseThrow();
    assertEquals("SCAN_PARSE", missing.getString(3));
    assertTrue(qByFile.containsKey("manifest.csv/SCAN_MANIFEST/6"), qByFile.keySet().toString()); // walk3.lst listed twice
    assertTrue(qByFile.containsKey("manifest.csv/SCAN_MANIFEST/7"), qByFile.keySet().toString()); // unknown device
    assertEquals("device", qByFile.get("manifest.csv/SCAN_MANIFEST/7").getString(4));
  }

  @Test
  void symbolicLinksLeadingOutsideTheScansFolderAreQuarantinedUnread() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(outside.resolve("other_study.asf"), "not ours to read");
    Path scans = Files.createDirectories(tmp.resolve("scans"));
    Files.writeString(scans.resolve("real.asf"), "garbage, but inside the folder");
    Files.createSymbolicLink(scans.resolve("escape.asf"), outside.resolve("other_study.asf"));
    Files.createSymbolicLink(scans.resolve("linked"), outside);
    Files.createSymbolicLink(scans.resolve("alias.asf"), scans.resolve("real.asf"));
    Files.writeString(scans.resolve("manifest.csv"), String.join("\n",
        "file,scan_id,patient_id,visit_day,device,side",
        "escape.asf,SCAN0001,PAT0001,0,fscan,L",
        "linked/other_study.asf,SCAN0002,PAT0002,0,fscan,R",
        "alias.asf,SCAN0003,PAT0003,0,fscan,L",
        "../elsewhere/other_study.asf,SCAN0004,PAT0004,0,fscan,R",
        ""));
    SparkSession spark = SparkTestSession.get();
    String bad = tmp.resolve("q").toUri().toString();
    ImportScansStage.Summary s = ImportScansStage.run(spark, Settings.defaults(), scans.toUri().toString(),
        scans.resolve("manifest.csv").toUri().toString(), tmp.resolve("out").toUri().toString(), bad);
    assertEquals(4, s.filesListed());
    assertEquals(0, s.filesImported());
    assertEquals(4, s.filesQuarantined());
    Map<Long, Row> byRow = spark.read().parquet(bad).filter("source_file = 'manifest.csv'").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getLong(2), r -> r));
    // Before the fix rows 1 and 2 were opened and parsed through the links (SCAN_PARSE of a file outside the folder).
    assertEquals(List.of(1L, 2L, 4L), byRow.keySet().stream().sorted().toList());
    for (long row : new long[] {1, 2}) {
      Row r = byRow.get(row);
      assertEquals("SCAN_MANIFEST", r.getString(3));
      assertEquals("file", r.getString(4));
      assertEquals("file must be a path inside the manifest's folder: " + r.getString(5)
          + " is a symbolic link that leads outside the scans folder", r.getString(6));
    }
    assertEquals("other_study.asf", byRow.get(2L).getString(5));
    assertEquals("file must be a path inside the manifest's folder", byRow.get(4L).getString(6));
    Row alias = spark.read().parquet(bad).filter("source_file = 'alias.asf'").first();
    assertEquals("SCAN_PARSE", alias.getString(3), "a link that stays inside the folder is read as usual");
  }
}
