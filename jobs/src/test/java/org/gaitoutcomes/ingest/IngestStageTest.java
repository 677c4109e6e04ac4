package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.gaitoutcomes.ingest.IngestInputs.OUTCOMES_HEADER;
import static org.gaitoutcomes.ingest.IngestInputs.PATIENTS_HEADER;
import static org.gaitoutcomes.ingest.IngestInputs.TREATMENTS_HEADER;
import static org.gaitoutcomes.ingest.IngestInputs.uri;
import static org.gaitoutcomes.ingest.IngestInputs.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestStageTest {
  private final SparkSession spark = SparkTestSession.get();

  /** One input with a bad record for every rule; the quarantine names each with file, row, rule and field. */
  @Test
  void everyRuleQuarantinesItsBadRecordAndCountsReconcile(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in, "patients.csv", PATIENTS_HEADER + ",notes",
        "P0001,F,45,165,70,S1,4,12,true,ok",              // 1 accepted
        "P0002,M,95,180,80,S1,,,,ok",                      // 2 accepted, age top-coded
        "P0003,F,3.5,170,70,S1,,,,ok",                     // 3 TYPE age_years
        "P0004,X,40,170,70,S1,,,,ok",                      // 4 ALLOWED sex
        "P0005,F,,170,70,S1,,,,ok",                        // 5 REQUIRED age_years
        "P0006,F,130,170,70,S1,,,,ok",                     // 6 RANGE age_years
        "P 7,F,40,170,70,S1,,,,ok",                        // 7 PATTERN patient_id
        "john.doe@example.com,F,40,170,70,S1,,,,ok",       // 8 IDENTIFIER patient_id
        "P0009,F,40,170,70,S1,,,,ok,surplus",              // 9 MALFORMED
        "P0010,F,40,170,70,S1,,,,ok",                      // 10 DUPLICATE_KEY
        "P0010,M,41,170,70,S1,,,,ok",                      // 11 DUPLICATE_KEY
        "P0012,F,40,170,70,2023-04-25,,,,ok",              // 12 IDENTIFIER site (date)
        "P0013,F,40,170,70,S1,,,maybe,ok");                // 13 TYPE prior_orthotic
    write(in, "treatments.csv", TREATMENTS_HEADER,
        "P0001,custom,0,medial,0,0.8",                     // 1 accepted
        "P0002,otc,-3,none,,0.5",                          // 2 BEFORE_BASELINE
        "P0099,custom,0,,,",                               // 3 UNKNOWN_PATIENT
        "P0003,otc,0,,,");                                 // 4 UNKNOWN_PATIENT (P0003 was quarantined)
    write(in, "outcomes.jsonl",
        "{\"patient_id\":\"P0001\",\"day\":0,\"nrs_pain\":6,\"odi_1\":2}",   // 1 accepted
        "{\"patient_id\":\"P0001\",\"day\":84,\"nrs_pain\":3}",              // 2 accepted
        "{\"patient_id\":\"P0002\",\"day\":0,\"nrs_pain\":11}",              // 3 RANGE nrs_pain
        "{\"patient_id\":\"P0002\",\"day\":",                                // 4 MALFORMED
        "{\"patient_id\":\"P0002\",\"day\":14.0}",                           // 5 TYPE day
        "{\"patient_id\":\"P0002\",\"day\":\"42\",\"rmdq\":7}");            // 6 accepted (text digits are an int)
    write(in, "gait_scans.jsonl",
        scan("S001", "\"frames\":[[1,2,3,4],[5,6,7,8]]"),                                           // 1 accepted
        scan("S002", "\"frames\":[[1,2,3]]"),                                                       // 2 SCAN_STRUCTURE frames
        scan("S003", "\"frames\":[[1,2,3,4]],\"steps\":[" + step(0.1, 0.6) + "]"),                  // 3 SCAN_STRUCTURE frames
        scan("S004", "\"steps\":[" + step(1.0, 0.5) + "]"),                                         // 4 SCAN_STRUCTURE steps
        scan("S005", "\"steps\":[" + step(0.1, 0.6) + "," + step(1.1, 1.6) + "]"));                 // 5 accepted
    Path out = dir.resolve("out");

    // Most records of this input are bad on purpose: allow the quarantine share (issue 16 item 5 would reject the run).
    IngestSummary summary = IngestStage.run(spark, IngestInputs.with(Map.of("gait.ingest.checks.enforce", false)), uri(in), uri(out));

    assertEquals(List.of(
        "gait_scans gait_scans.jsonl 2 SCAN_STRUCTURE frames",
        "gait_scans gait_scans.jsonl 3 SCAN_STRUCTURE frames",
        "gait_scans gait_scans.jsonl 4 SCAN_STRUCTURE steps",
        "outcomes outcomes.jsonl 3 RANGE nrs_pain",
        "outcomes outcomes.jsonl 4 MALFORMED null",
        "outcomes outcomes.jsonl 5 TYPE day",
        "patients patients.csv 10 DUPLICATE_KEY patient_id",
        "patients patients.csv 11 DUPLICATE_KEY patient_id",
        "patients patients.csv 12 IDENTIFIER site",
        "patients patients.csv 13 TYPE prior_orthotic",
        "patients patients.csv 3 TYPE age_years",
        "patients patients.csv 4 ALLOWED sex",
        "patients patients.csv 5 REQUIRED age_years",
        "patients patients.csv 6 RANGE age_years",
        "patients patients.csv 7 PATTERN patient_id",
        "patients patients.csv 8 IDENTIFIER patient_id",
        "patients patients.csv 9 MALFORMED null",
        "treatments treatments.csv 2 BEFORE_BASELINE start_day",
        "treatments treatments.csv 3 UNKNOWN_PATIENT patient_id",
        "treatments treatments.csv 4 UNKNOWN_PATIENT patient_id"),
        IngestInputs.quarantineKeys(out));

    IngestSummary.TableSummary patients = summary.table(Schemas.PATIENTS);
    assertEquals(13, patients.rowsRead());
    assertEquals(2, patients.rowsAccepted());
    assertEquals(11, patients.rowsQuarantined());
    assertEquals(1, patients.topCoded());
    assertEquals(List.of("notes"), patients.droppedColumns());
    assertEquals(Map.of("MALFORMED", 1L, "IDENTIFIER", 2L, "REQUIRED", 1L, "TYPE", 2L, "PATTERN", 1L, "ALLOWED", 1L,
        "RANGE", 1L, "DUPLICATE_KEY", 2L), patients.quarantinedByRule());
    assertEquals(List.of("MALFORMED", "IDENTIFIER", "REQUIRED", "TYPE", "PATTERN", "ALLOWED", "RANGE", "DUPLICATE_KEY"),
        List.copyOf(patients.quarantinedByRule().keySet()), "rule order");
    for (IngestSummary.TableSummary t : summary.tables()) {
      assertEquals(t.rowsRead(), t.rowsAccepted() + t.rowsQuarantined(), t.table());
      assertEquals(t.rowsAccepted(), t.present() ? IngestInputs.curated(out, t.table()).count() : 0, t.table());
      assertEquals(t.rowsQuarantined(), IngestInputs.quarantine(out).filter("`table` = '" + t.table() + "'").count(), t.table());
    }
    assertEquals(6, summary.table(Schemas.OUTCOMES).rowsRead());
    assertEquals(3, summary.table(Schemas.OUTCOMES).rowsAccepted());
    assertEquals(2, summary.table(Schemas.GAIT_SCANS).rowsAccepted());
    IngestSummary.TableSummary footExams = summary.table(Schemas.FOOT_EXAMS);
    assertFalse(footExams.present());
    assertEquals(0, footExams.rowsRead());
    assertEquals(0, IngestInputs.curated(out, Schemas.FOOT_EXAMS).count(), "an absent optional table is written empty");

    // Curated: the contract's columns, in order and typed; the age top-coded.
    for (String table : Schemas.INGEST_TABLES) {
      assertEquals(Schemas.get(table).structType().simpleString(), IngestInputs.curated(out, table).schema().simpleString(), table);
    }
    Row p2 = IngestInputs.curated(out, Schemas.PATIENTS).filter("patient_id = 'P0002'").first();
    assertEquals(90, (int) p2.getAs("age_years"));
    Row o = IngestInputs.curated(out, Schemas.OUTCOMES).filter("patient_id = 'P0002'").first();
    assertEquals(42, (int) o.getAs("day"));
    assertEquals(7, (int) o.getAs("rmdq"));
    assertTrue(Files.exists(out.resolve(IngestStage.SUMMARY_FILE)));
    assertTrue(Files.readString(out.resolve(IngestStage.SUMMARY_FILE)).contains("\"rows_quarantined\" : 11"));

    // Quarantine: identifier values masked in value and record; messages carry field and value.
    Row email = IngestInputs.quarantine(out).filter("`table` = 'patients' AND source_row = 8").first();
    assertEquals(IdentifierPatterns.MASK, email.getAs("value"));
    assertFalse(((String) email.getAs("record")).contains("example.com"), (String) email.getAs("record"));
    assertTrue(((String) email.getAs("message")).contains("e-mail"), (String) email.getAs("message"));
    Row date = IngestInputs.quarantine(out).filter("`table` = 'patients' AND source_row = 12").first();
    assertFalse(((String) date.getAs("record")).contains("2023"), (String) date.getAs("record"));
    Row type = IngestInputs.quarantine(out).filter("`table` = 'patients' AND source_row = 3").first();
    assertEquals("3.5", type.getAs("value"));
    assertEquals("age_years: '3.5' is not a whole number", type.getAs("message"));
    Row range = IngestInputs.quarantine(out).filter("`table` = 'patients' AND source_row = 6").first();
    assertEquals("90+", range.getAs("value"), "ages above 89 are not shown in quarantine either");
  }

  /** Parquet (a folder of part files with a wider int type and an extra column), JSON lines and a CSV folder, re-keyed. */
  @Test
  void readsEveryFormatAndRekeysIdsConsistentlyAcrossTables(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    StructType patientsFile = new StructType()
        .add("patient_id", DataTypes.StringType).add("sex", DataTypes.StringType).add("age_years", DataTypes.LongType)
        .add("site", DataTypes.StringType).add("height_cm", DataTypes.IntegerType).add("email", DataTypes.StringType);
    spark.createDataFrame(List.of(
            RowFactory.create("P0001", "F", 45L, "S1", 165, "a@b.org"),
            RowFactory.create("P0002", "M", 91L, "S2", null, null)), patientsFile)
        .repartition(2).write().parquet(uri(in.resolve("patients")));
    write(in, "treatments.jsonl",
        "{\"patient_id\":\"P0001\",\"device_type\":\"custom\",\"start_day\":0,\"adherence\":0.75}",
        "{\"patient_id\":\"P0002\",\"device_type\":\"otc\",\"start_day\":2}");
    write(in, "outcomes/part-00000.csv", OUTCOMES_HEADER, "P0001,0,6,,,,,,,,,,,", "P0001,84,3,,,,,,,,,,,");
    write(in, "outcomes/part-00001.csv", OUTCOMES_HEADER, "P0002,0,5,,,,,,,,,,,", "P0002,84,15,,,,,,,,,,,");
    write(in, "foot_exams.csv", "patient_id,visit_day,side,beighton_score", "P0001,0,L,2", "P0001,0,R,2");
    spark.read().schema(Schemas.get(Schemas.GAIT_SCANS).structType())
        .json(spark.createDataset(List.of(scan("S001", "\"frames\":[[1,2,3,4]]")), Encoders.STRING()))
        .write().parquet(uri(in.resolve("gait_scans.parquet")));
    Path out = dir.resolve("out");
    String key = "a-test-key-that-is-long-enough";

    IngestSummary summary = IngestStage.run(spark, IngestInputs.rekeyEnabled(), uri(in), uri(out), Map.of("GAIT_REKEY_KEY", key));

    assertEquals("parquet", summary.table(Schemas.PATIENTS).format());
    assertEquals(List.of("email"), summary.table(Schemas.PATIENTS).droppedColumns());
    assertEquals(2, summary.table(Schemas.PATIENTS).rowsAccepted());
    assertEquals(1, summary.table(Schemas.PATIENTS).topCoded());
    assertEquals("jsonl", summary.table(Schemas.TREATMENTS).format());
    assertEquals(2, summary.table(Schemas.TREATMENTS).rowsAccepted());
    assertEquals(2, summary.table(Schemas.OUTCOMES).files());
    assertEquals(3, summary.table(Schemas.OUTCOMES).rowsAccepted());
    assertEquals(Map.of("RANGE", 1L), summary.table(Schemas.OUTCOMES).quarantinedByRule());
    assertEquals(2, summary.table(Schemas.FOOT_EXAMS).rowsAccepted());
    assertEquals(1, summary.table(Schemas.GAIT_SCANS).rowsAccepted());

    Rekeyer rekeyer = Rekeyer.fromEnvironment(Map.of("K", key), "K");
    String p1 = rekeyer.rekey("P0001");
    String p2 = rekeyer.rekey("P0002");
    assertEquals(List.of(p1, p2).stream().sorted().toList(), ids(IngestInputs.curated(out, Schemas.PATIENTS), "patient_id"));
    assertEquals(List.of(p1, p2).stream().sorted().toList(), ids(IngestInputs.curated(out, Schemas.TREATMENTS), "patient_id"));
    assertEquals(List.of(p1, p2).stream().sorted().toList(), ids(IngestInputs.curated(out, Schemas.OUTCOMES), "patient_id"));
    assertEquals(List.of(p1), ids(IngestInputs.curated(out, Schemas.FOOT_EXAMS), "patient_id"));
    assertEquals(List.of(p1), ids(IngestInputs.curated(out, Schemas.GAIT_SCANS), "patient_id"));
    assertEquals(List.of(rekeyer.rekey("S001")), ids(IngestInputs.curated(out, Schemas.GAIT_SCANS), "scan_id"));
    Row q = IngestInputs.quarantine(out).first();
    assertTrue(((String) q.getAs("record")).contains(p2), (String) q.getAs("record"));
    assertEquals(90, (int) IngestInputs.curated(out, Schemas.PATIENTS).filter(col("patient_id").equalTo(p2)).first().getAs("age_years"));
    // Neither source ids nor the key appear in any output value.
    for (String table : Schemas.INGEST_TABLES) {
      assertNoneContains(IngestInputs.curated(out, table), "P000", key);
    }
    assertNoneContains(IngestInputs.quarantine(out), "P000", key);
    assertFalse(Files.readString(out.resolve(IngestStage.SUMMARY_FILE)).contains(key));
  }

  /** Several files, several partitions per file: the same row numbers and the same output as one partition. */
  @Test
  void sourceRowsAreFileRowsWhateverThePartitioningAndOutputIsDeterministic(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    int perFile = 150;
    List<String> patients = new ArrayList<>(List.of(PATIENTS_HEADER));
    for (int i = 1; i <= perFile; i++) {
      patients.add(String.format("P%04d,F,40,,,S1,,,", i));
    }
    write(in, "patients.csv", patients.toArray(String[]::new));
    write(in, "treatments.csv", TREATMENTS_HEADER, "P0001,custom,0,,,");
    List<String> expected = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      List<String> lines = new ArrayList<>(List.of(OUTCOMES_HEADER));
      for (int i = 1; i <= perFile; i++) {
        boolean bad = i == 1 || i == 77 + f || i == perFile;
        lines.add(String.format("P%04d,%d,%d,1,1,1,1,1,1,1,1,1,1,5", i, 7 * f, bad ? 11 : 4));
        if (bad) {
          expected.add("outcomes part-" + f + ".csv " + i + " RANGE nrs_pain");
        }
      }
      write(in, "outcomes/part-" + f + ".csv", lines.toArray(String[]::new));
    }
    // gait_scans carries arrays, which ingest does not cache: it reads the files again to write them, and the
    // table-rule flags found on the first read (a scan_id in two files, an unknown patient) must hit the same
    // records on the second, however the files are split.
    for (int f = 0; f < 3; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        String id = (f == 0 && i == 5) || (f == 2 && i == 9) ? "S-dup" : String.format("S%d-%02d", f, i);
        String patient = f == 1 && i == 12 ? "P9999" : String.format("P%04d", i);
        lines.add(scan(id, "\"frames\":[[1,2,3,4],[5,6,7,8]]").replace("P0001", patient));
      }
      write(in, "gait_scans/part-" + f + ".jsonl", lines.toArray(String[]::new));
    }
    expected.addAll(List.of("gait_scans part-0.jsonl 5 DUPLICATE_KEY scan_id, side", "gait_scans part-1.jsonl 12 UNKNOWN_PATIENT patient_id",
        "gait_scans part-2.jsonl 9 DUPLICATE_KEY scan_id, side"));
    expected.sort(null);

    String maxPartitionBytes = "spark.sql.files.maxPartitionBytes";
    List<List<String>> outputs = new ArrayList<>();
    for (String bytes : List.of("134217728", "1024")) {
      spark.conf().set(maxPartitionBytes, bytes);
      try {
        if (bytes.equals("1024")) {
          // The outcomes scan really is split: each 6 kB file over several partitions.
          SourceTable source = SourceTable.locate(spark.sparkContext().hadoopConfiguration(), uri(in),
              Schemas.get(Schemas.OUTCOMES)).orElseThrow();
          List<RowNumbers.Block> blocks = RowNumbers.blocks(SourceReader.read(spark,
              SourceReader.inspect(spark, source, Schemas.get(Schemas.OUTCOMES))));
          assertTrue(blocks.stream().filter(b -> b.file().endsWith("part-1.csv")).count() >= 3, blocks.toString());
        }
        Path out = dir.resolve("out-" + bytes);
        IngestSummary summary = IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(out));
        assertEquals(3 * perFile, summary.table(Schemas.OUTCOMES).rowsRead());
        assertEquals(expected, IngestInputs.quarantineKeys(out));
        List<String> scans = ids(IngestInputs.curated(out, Schemas.GAIT_SCANS), "scan_id");
        assertEquals(57, scans.size());
        assertFalse(scans.contains("S-dup") || scans.contains("S1-12"), scans.toString());
        List<String> rows = new ArrayList<>();
        for (String table : Schemas.INGEST_TABLES) {
          IngestInputs.curated(out, table).collectAsList().forEach(r -> rows.add(table + " " + r));
        }
        IngestInputs.quarantine(out).collectAsList().forEach(r -> rows.add("quarantine " + r));
        rows.sort(null);
        rows.add(summary.toJson());
        outputs.add(rows);
      } finally {
        spark.conf().unset(maxPartitionBytes);
      }
    }
    assertEquals(outputs.get(0), outputs.get(1));
  }

  @Test
  void missingRequiredColumnFailsBeforeAnythingIsWritten(@TempDir Path dir) {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    write(in, "patients.csv", "patient_id,sex,site", "P0001,F,S1");
    Path out = dir.resolve("out");
    GaitException e = assertThrows(GaitException.class, () -> IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(out)));
    assertEquals("input file patients.csv of table patients lacks required column age_years", e.getMessage());
    assertFalse(Files.exists(out));
  }

  @Test
  void missingRequiredJsonKeyFailsNamingFileAndColumn(@TempDir Path dir) {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    write(in, "outcomes/part-1.json", "{\"patient_id\":\"P0001\",\"nrs_pain\":4}");
    deleteQuietly(in.resolve("outcomes.csv"));
    GaitException e = assertThrows(GaitException.class,
        () -> IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(dir.resolve("out"))));
    assertEquals("input file part-1.json of table outcomes lacks required column day", e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void corruptFileFailsWithOneLineNamingIt(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    deleteQuietly(in.resolve("treatments.csv"));
    Files.write(in.resolve("treatments.parquet"), "this is not parquet at all, just some garbage bytes".getBytes(StandardCharsets.UTF_8));
    GaitException e = assertThrows(GaitException.class,
        () -> IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(dir.resolve("out"))));
    assertTrue(e.getMessage().startsWith("input file treatments.parquet of table treatments is not a readable Parquet file"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains(dir.toString()), "no full path: " + e.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void missingRequiredTableAndMissingKeyFailClearly(@TempDir Path dir) {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    GaitException noKey = assertThrows(GaitException.class,
        () -> IngestStage.run(spark, IngestInputs.rekeyEnabled(), uri(in), uri(dir.resolve("out")), Map.of()));
    assertTrue(noKey.getMessage().contains("environment variable GAIT_REKEY_KEY is not set"), noKey.getMessage());
    deleteQuietly(in.resolve("outcomes.csv"));
    GaitException noTable = assertThrows(GaitException.class,
        () -> IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(dir.resolve("out"))));
    assertTrue(noTable.getMessage().startsWith("required table outcomes is missing from the input"), noTable.getMessage());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  /** Issue 16 item 5: a 0-byte patients.csv (every child record unknown) fails the run; outputs are still written. */
  @Test
  void requiredTableWithoutAcceptedRecordsRejectsTheRun(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    Files.write(in.resolve("patients.csv"), new byte[0]);
    Path out = dir.resolve("out");

    IngestChecks.Rejected e = assertThrows(IngestChecks.Rejected.class,
        () -> IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(out)));

    assertEquals("ingest rejected the input: required table patients has no accepted records (0 read, 0 quarantined)"
        + " (and 2 more, see ingest-summary.json); outputs are written for inspection but not committed"
        + " (set gait.ingest.checks.enforce = false to accept such a run)", e.getMessage());
    String json = Files.readString(out.resolve(IngestStage.SUMMARY_FILE));
    assertTrue(json.contains("required table treatments has no accepted records (2 read, 2 quarantined)"), json);
    assertTrue(json.contains("required table outcomes has no accepted records (2 read, 2 quarantined)"), json);
    assertEquals(4, IngestInputs.quarantine(out).filter("rule = 'UNKNOWN_PATIENT'").count());
    assertEquals(0, IngestInputs.curated(out, Schemas.TREATMENTS).count());
  }

  /** Issue 16 item 5: a table losing more than gait.ingest.checks.max-quarantined-share fails, unless the spec allows it. */
  @Test
  void tableLosingTooManyRecordsRejectsTheRunUnlessAllowed(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    write(in, "outcomes.csv", OUTCOMES_HEADER, "P0001,0,6,,,,,,,,,,,", "P0002,0,11,,,,,,,,,,,", "P0002,7,12,,,,,,,,,,,");

    IngestChecks.Rejected e = assertThrows(IngestChecks.Rejected.class,
        () -> IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(dir.resolve("out"))));
    assertTrue(e.getMessage().startsWith("ingest rejected the input: table outcomes lost 66.7% of its 3 records to quarantine"
        + " (more than gait.ingest.checks.max-quarantined-share = 0.5); outputs are written"), e.getMessage());

    IngestSummary loose = IngestStage.run(spark, IngestInputs.with(Map.of("gait.ingest.checks.max-quarantined-share", 0.7)),
        uri(in), uri(dir.resolve("out-loose")));
    assertEquals(2, loose.table(Schemas.OUTCOMES).rowsQuarantined());
    IngestSummary allowed = IngestStage.run(spark, IngestInputs.with(Map.of("gait.ingest.checks.enforce", false)),
        uri(in), uri(dir.resolve("out-allowed")));
    assertEquals(List.of("patient ids were not re-keyed: outputs carry the provider's ids as given; for a shared study set"
        + " gait.ingest.rekey.enabled = true",
        "table outcomes lost 66.7% of its 3 records to quarantine (more than gait.ingest.checks.max-quarantined-share = 0.5)"),
        allowed.warnings());
    assertTrue(Files.readString(dir.resolve("out-allowed").resolve(IngestStage.SUMMARY_FILE)).contains("lost 66.7%"));
  }

  /** Issue 16 items 9 and 10: names in a free-text column are quarantined and masked; identifier-like dropped column names are masked. */
  @Test
  void freeTextNamesAreQuarantinedAndIdentifierColumnNamesMasked(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    write(in, "patients.csv", PATIENTS_HEADER + ",john.doe@example.com,notes",
        "P0001,F,45,165,70,SITE-01,,,,x,y",
        "P0002,M,52,180,82,NORTH-2,,,,x,y",
        "P0003,F,40,170,70,SITE-JOHN-SMITH,,,,x,y",
        "P0004,F,40,170,70,Dr_Jones,,,,x,y",
        "P0005,F,40,170,70,S1,,,,x,y",
        "P0006,F,40,170,70,S1,,,,x,y");
    Path out = dir.resolve("out");

    IngestSummary summary = IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(out));

    assertEquals(List.of("patients patients.csv 3 IDENTIFIER site", "patients patients.csv 4 IDENTIFIER site"),
        IngestInputs.quarantineKeys(out));
    Row smith = IngestInputs.quarantine(out).filter("source_row = 3").first();
    assertEquals(IdentifierPatterns.MASK, smith.getAs("value"));
    assertEquals("site: looks like a person's name in a free-text column (gait.ingest.free-text.name-patterns);"
        + " the value is masked", smith.getAs("message"));
    assertFalse(((String) smith.getAs("record")).contains("SMITH"), (String) smith.getAs("record"));
    assertEquals(4, summary.table(Schemas.PATIENTS).rowsAccepted());
    assertEquals(List.of(IdentifierPatterns.MASK, "notes"), summary.table(Schemas.PATIENTS).droppedColumns());
    String json = Files.readString(out.resolve(IngestStage.SUMMARY_FILE));
    assertFalse(json.contains("example.com"), json);
    assertTrue(json.contains("patient ids were not re-keyed"), json);
  }

  /** Issue 16 item 11: a missing optional column is a warning per column; too many missing fail before anything is written. */
  @Test
  void missingOptionalColumnsWarnAndTooManyFail(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    write(in, "treatments.csv", "patient_id,device_type,start_day,posting,heel_lift_mm,adherance",
        "P0001,custom,0,medial,0,0.8", "P0002,otc,3,none,,0.5");

    IngestSummary summary = IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(dir.resolve("out")));
    assertEquals(List.of("optional column adherence of table treatments is missing from the input file (read as empty)"),
        summary.table(Schemas.TREATMENTS).warnings());
    assertEquals(List.of("adherance"), summary.table(Schemas.TREATMENTS).droppedColumns());
    assertEquals(List.of(), summary.table(Schemas.PATIENTS).warnings());

    write(in, "treatments.csv", "patient_id,device_type,start_day,postng,heel_lift,adherance", "P0001,custom,0,medial,0,0.8");
    Path out = dir.resolve("out-strict");
    GaitException e = assertThrows(GaitException.class, () -> IngestStage.run(spark,
        IngestInputs.with(Map.of("gait.ingest.checks.max-missing-optional-share", 0.5)), uri(in), uri(out)));
    assertEquals("table treatments lacks 3 of its 3 optional columns (posting, heel_lift_mm, adherence), more than"
        + " gait.ingest.checks.max-missing-optional-share = 0.5; check the header names against schemas/treatments.json",
        e.getMessage());
    assertFalse(Files.exists(out));
  }

  /** Issue 16 item 11: a newline inside a quoted CSV field (RFC 4180) is one record; rows after it keep their numbers. */
  @Test
  void multiLineQuotedCsvFieldsAreOneRecord(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    IngestInputs.writeValid(in);
    write(in, "patients.csv", PATIENTS_HEADER,
        "P0001,F,45,165,70,\"S1\",,,",
        "P0002,M,52,180,82,\"North",
        "clinic\",,,",
        "P0003,F,40,170,70,S2,,,");

    Path out = dir.resolve("out");
    IngestSummary summary = IngestStage.run(spark, IngestInputs.with(Map.of("gait.ingest.checks.enforce", false)), uri(in), uri(out));
    assertEquals(3, summary.table(Schemas.PATIENTS).rowsRead());
    assertEquals(List.of("outcomes outcomes.csv 2 UNKNOWN_PATIENT patient_id", "patients patients.csv 2 PATTERN site",
        "treatments treatments.csv 2 UNKNOWN_PATIENT patient_id"), IngestInputs.quarantineKeys(out));
    assertEquals("site: 'North\nclinic' does not match ^[A-Za-z0-9_-]{1,32}$",
        IngestInputs.quarantine(out).filter("`table` = 'patients'").first().getAs("message"));
    assertEquals(List.of("P0001", "P0003"), ids(IngestInputs.curated(out, Schemas.PATIENTS), "patient_id"));

    Path lines = dir.resolve("out-lines");
    IngestSummary perLine = IngestStage.run(spark, IngestInputs.with(Map.of("gait.ingest.csv.multi-line", false,
        "gait.ingest.checks.enforce", false)), uri(in), uri(lines));
    assertEquals(4, perLine.table(Schemas.PATIENTS).rowsRead());
    assertEquals(List.of("outcomes outcomes.csv 2 UNKNOWN_PATIENT patient_id", "patients patients.csv 2 MALFORMED null",
        "patients patients.csv 3 MALFORMED null", "treatments treatments.csv 2 UNKNOWN_PATIENT patient_id"),
        IngestInputs.quarantineKeys(lines));
    assertEquals("malformed record: a quoted field does not end on its line (multi-line CSV fields are read only with"
        + " gait.ingest.csv.multi-line = true)",
        IngestInputs.quarantine(lines).filter("`table` = 'patients' AND source_row = 2").first().getAs("message"));
    assertEquals(List.of("P0001", "P0003"), ids(IngestInputs.curated(lines, Schemas.PATIENTS), "patient_id"));
  }

  /**
   * With multi-line fields allowed (the default), a CSV file without any double quote is still split
   * for parallel reading once it is large enough, and its records and source rows are those of the
   * file read as one stream; a file with a quote is read as one stream.
   */
  @Test
  void quoteFreeCsvIsSplitAndKeepsItsSourceRows(@TempDir Path dir) throws Exception {
    List<String> rows = new ArrayList<>(List.of(PATIENTS_HEADER));
    for (int i = 1; i <= 400; i++) {
      rows.add(String.format("P%04d,%s,45,165,70,%s,,,", i, i == 300 ? "X" : "F", i == 7 ? "SITE-7" : "S1"));
    }
    Path plain = dir.resolve("plain");
    IngestInputs.writeValid(plain);
    write(plain, "patients.csv", rows.toArray(String[]::new));
    rows.set(7, rows.get(7).replace("SITE-7", "\"SITE-7\""));
    Path quoted = dir.resolve("quoted");
    IngestInputs.writeValid(quoted);
    write(quoted, "patients.csv", rows.toArray(String[]::new));

    List<String> settings = List.of("spark.sql.files.openCostInBytes", "spark.sql.files.maxPartitionBytes");
    settings.forEach(k -> spark.conf().set(k, "2048"));
    try {
      int splits = partitionsOfPatients(plain);
      assertTrue(splits >= 3, "a 10 kB quote-free file in 2 kB splits: " + splits);
      assertEquals(1, partitionsOfPatients(quoted), "a file with a quote is one stream");
      List<String> expected = List.of("patients patients.csv 300 ALLOWED sex");
      for (Path in : List.of(plain, quoted)) {
        Path out = dir.resolve("out-" + in.getFileName());
        IngestSummary summary = IngestStage.run(spark, IngestInputs.defaults(), uri(in), uri(out));
        assertEquals(400, summary.table(Schemas.PATIENTS).rowsRead());
        assertEquals(expected, IngestInputs.quarantineKeys(out));
        assertEquals(399, IngestInputs.curated(out, Schemas.PATIENTS).count());
        assertEquals(1, IngestInputs.curated(out, Schemas.PATIENTS).filter("site = 'SITE-7'").count());
      }
    } finally {
      settings.forEach(k -> spark.conf().unset(k));
    }
  }

  private int partitionsOfPatients(Path in) {
    SourceTable source = SourceTable.locate(spark.sparkContext().hadoopConfiguration(), uri(in),
        Schemas.get(Schemas.PATIENTS)).orElseThrow();
    return SourceReader.read(spark, SourceReader.inspect(spark, source, Schemas.get(Schemas.PATIENTS)), true)
        .rdd().getNumPartitions();
  }

  private static List<String> ids(Dataset<Row> frame, String column) {
    return frame.select(column).distinct().collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  private static void assertNoneContains(Dataset<Row> frame, String... forbidden) {
    for (Row r : frame.collectAsList()) {
      for (String f : forbidden) {
        assertFalse(r.toString().contains(f), f + " in " + r);
      }
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String scan(String id, String arrays) {
    return "{\"scan_id\":\"" + id + "\",\"patient_id\":\"P0001\",\"visit_day\":0,\"side\":\"L\",\"device\":\"simulated\","
        + "\"sampling_hz\":100,\"cell_rows\":2,\"cell_cols\":2,\"row_spacing_mm\":5,\"col_spacing_mm\":5," + arrays + "}";
  }

  static String step(double start, double end) {
    return "{\"start_s\":" + start + ",\"end_s\":" + end + ",\"peak_kpa\":[1,2,3,4],\"cop_x_mm\":[1,2],\"cop_y_mm\":[1,2],\"force_n\":[10,20]}";
  }
}
