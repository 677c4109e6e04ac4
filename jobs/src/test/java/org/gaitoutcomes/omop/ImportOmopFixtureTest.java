package org.gaitoutcomes.omop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.ingest.IngestStage;
import org.gaitoutcomes.ingest.IngestSummary;
import org.gaitoutcomes.testing.RepoPaths;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-omop on the hand-written fixture {@code jobs/src/test/resources/omop/} (14 person rows, each
 * with an awkward case described in the fixture's comments below): every mapping and quarantine
 * rule, the per-table reconciliation, no date or source value in any output, and ingest accepting
 * every row the adapter wrote. Expected values are worked out by hand from the fixture (baseline
 * 2021-03-01 for every person; observation periods to 2022-03-01, day 365).
 */
class ImportOmopFixtureTest {
  static final Path FIXTURE = RepoPaths.root().resolve("jobs/src/test/resources/omop");
  /** The fixture's person 12 has orthoses coded by concept id only. */
  static final Config SPEC = ConfigFactory.parseString("gait.omop.custom-orthosis.concepts = [2000400001]").withFallback(Settings.defaults());

  @TempDir
  static Path dir;

  static SparkSession spark;
  static ImportOmopSummary summary;
  static Path out;

  @BeforeAll
  static void importTheFixture() {
    spark = SparkTestSession.get();
    out = dir.resolve("out");
    summary = ImportOmopStage.run(spark, SPEC, FIXTURE.toUri().toString(), out.toUri().toString(), Map.of());
  }

  static Map<String, Row> byKey(String table, String... keyColumns) {
    Map<String, Row> rows = new TreeMap<>();
    for (Row r : spark.read().option("header", "true").csv(out.resolve(table).toString()).collectAsList()) {
      rows.put(Stream.of(keyColumns).map(c -> (String) r.getAs(c)).collect(Collectors.joining("/")), r);
    }
    return rows;
  }

  @Test
  void everyOmopTableReconciles() {
    // person: 9 used; 6 (gender 0), 7 (no observation period) and 14 (two rows) quarantined; 8 (no low back pain) not eligible
    assertCounts("person", 14, 9, 0, 0, 1, 4);
    // observation_period: 6 and 14 rejected with their person, 8's not eligible; 12 has two periods
    assertCounts("observation_period", 13, 10, 0, 0, 1, 2);
    // condition_occurrence: 8's diabetes is unmapped; 6, 7 and 14 rejected
    assertCounts("condition_occurrence", 14, 10, 0, 1, 0, 3);
    // device_exposure: 2's second custom device on day 30 superseded; 12's L1234 unmapped; 8 not eligible; 8 quarantined
    assertCounts("device_exposure", 22, 11, 1, 1, 1, 8);
    assertCounts("measurement", 36, 17, 3, 1, 1, 14);
    assertCounts("observation", 7, 6, 0, 1, 0, 0);
    assertEquals(31, summary.quarantineRows());
    assertEquals(Map.of("patients", 9L, "foot_exams", 2L, "treatments", 10L, "outcomes", 11L), Map.copyOf(summary.written()));
    assertEquals(Map.of("3004249", 1L), summary.tables().get("measurement").unmappedByConcept());
    assertEquals(Map.of("0", 1L), summary.tables().get("device_exposure").unmappedByConcept());
  }

  private static void assertCounts(String table, long read, long used, long superseded, long unmapped, long notEligible, long quarantined) {
    ImportOmopSummary.TableCounts t = summary.tables().get(table);
    assertEquals(List.of(read, used, superseded, unmapped, notEligible, quarantined), List.of(t.rowsRead(), t.status(PersonMapper.USED),
        t.status(PersonMapper.SUPERSEDED), t.status(PersonMapper.UNMAPPED), t.status(PersonMapper.NOT_ELIGIBLE),
        t.status(PersonMapper.QUARANTINED)), table + " " + t);
  }

  @Test
  void patientsCarryAgeSiteMeasuresAndPainDuration() {
    Map<String, Row> p = byKey("patients", "patient_id");
    assertEquals(List.of("omop-1", "omop-10", "omop-11", "omop-12", "omop-2", "omop-3", "omop-4", "omop-5", "omop-9"), new ArrayList<>(p.keySet()));
    Row one = p.get("omop-1");
    // born 1970-06-15, baseline 2021-03-01: 50 completed years; care_site 1 is "north"
    assertEquals(List.of("F", "50", "165", "70.5", "north", "6.5"), List.of(one.getAs("sex"), one.getAs("age_years"),
        one.getAs("height_cm"), one.getAs("weight_kg"), one.getAs("site"), one.getAs("standing_hours_per_day")));
    // earliest low back pain 181 days before baseline: 181 / 30.4375 = 5.95 months, to 0.1
    assertEquals("5.9", one.getAs("pain_duration_months"));
    assertNull(one.getAs("prior_orthotic"));
    // born 1980-03-01: 41 on the baseline day itself; care_site 2 has no source value
    assertEquals(List.of("M", "41", "care_site_2", "13.1"), List.of(p.get("omop-2").getAs("sex"), p.get("omop-2").getAs("age_years"),
        p.get("omop-2").getAs("site"), p.get("omop-2").getAs("pain_duration_months")));
    // an orthosis 100 days before the observation period: prior orthotic, not a treatment
    assertEquals("true", p.get("omop-3").getAs("prior_orthotic"));
    // no care site; height in inches and weight without a unit are quarantined, not converted
    assertEquals("unknown", p.get("omop-5").getAs("site"));
    assertNull(p.get("omop-5").getAs("height_cm"));
    assertNull(p.get("omop-5").getAs("weight_kg"));
    // year of birth 1925 only: 2021 - 1925 = 96, top-coded to 90
    assertEquals("90", p.get("omop-9").getAs("age_years"));
    // heights on days 10, 20 and 40: the first; low back pain only after baseline: no duration
    assertEquals("170", p.get("omop-12").getAs("height_cm"));
    assertNull(p.get("omop-12").getAs("pain_duration_months"));
  }

  @Test
  void devicesBecomeTreatmentsByHcpcsCodeOrConcept() {
    Map<String, Row> t = byKey("treatments", "patient_id", "start_day");
    Map<String, String> types = new TreeMap<>();
    t.forEach((k, r) -> types.put(k, r.getAs("device_type")));
    assertEquals(Map.of("omop-1/7", "custom", "omop-2/0", "otc", "omop-2/30", "custom", "omop-3/3", "custom", "omop-4/5", "custom",
        "omop-5/5", "otc", "omop-9/2", "custom", "omop-11/1", "otc", "omop-12/8", "custom", "omop-12/9", "custom"), types);
  }

  @Test
  void outcomesAndFootExamsAreKeyedByDayAndSide() {
    Map<String, Row> o = byKey("outcomes", "patient_id", "day");
    assertEquals(List.of("omop-1/0", "omop-1/84", "omop-10/14", "omop-11/84", "omop-12/0", "omop-12/370", "omop-2/0", "omop-3/0",
        "omop-4/0", "omop-5/0", "omop-9/0"), new ArrayList<>(o.keySet()));
    Row base = o.get("omop-1/0");
    assertEquals(List.of("7", "3", "2", "14"), List.of(base.getAs("nrs_pain"), base.getAs("odi_1"), base.getAs("odi_2"), base.getAs("rmdq")));
    assertNull(base.getAs("odi_3"));
    assertEquals("4", o.get("omop-10/14").getAs("nrs_pain"));
    Map<String, Row> f = byKey("foot_exams", "patient_id", "visit_day", "side");
    assertEquals(List.of("omop-1/0/L", "omop-1/0/R"), new ArrayList<>(f.keySet()));
    assertEquals(List.of("40.5", "3"), List.of(f.get("omop-1/0/L").getAs("navicular_height_seated_mm"), f.get("omop-1/0/L").getAs("beighton_score")));
    assertEquals(List.of("41", "3"), List.of(f.get("omop-1/0/R").getAs("navicular_height_seated_mm"), f.get("omop-1/0/R").getAs("beighton_score")));
  }

  @Test
  void quarantineNamesRuleTableFieldAndValue() {
    List<String> rows = new ArrayList<>();
    for (Row r : spark.read().parquet(out.resolve("quarantine").toString()).collectAsList()) {
      rows.add(String.join("|", r.getAs("table"), r.getAs("source_file"), Long.toString(r.getAs("source_row")), r.getAs("rule"),
          r.getAs("field"), String.valueOf((Object) r.getAs("value"))));
    }
    for (String expected : List.of(
        "person|person.csv|6|OMOP_VALUE|gender_concept_id|0",
        "person|person.csv|7|OMOP_NO_OBSERVATION_PERIOD|person_id|7",
        "person|person.csv|14|OMOP_DUPLICATE_PERSON|person_id|14",
        "device_exposure|device_exposure.csv|6|OMOP_BEFORE_BASELINE|device_exposure_start_date|day -500",
        "device_exposure|device_exposure.csv|14|OMOP_CONFLICT|device_exposure_start_date|day 4",
        "device_exposure|device_exposure.csv|16|OMOP_OUTSIDE_PERIOD|device_exposure_start_date|day 400",
        "device_exposure|device_exposure.csv|22|OMOP_DATE|device_exposure_start_date|null",
        "measurement|measurement.csv|14|OMOP_OUTSIDE_PERIOD|measurement_date|day -10",
        "measurement|measurement.csv|15|OMOP_OUTSIDE_PERIOD|measurement_date|day 400",
        "measurement|measurement.csv|16|OMOP_UNIT|unit_concept_id|9330",
        "measurement|measurement.csv|17|OMOP_UNIT|unit_concept_id|null",
        "measurement|measurement.csv|21|OMOP_CONFLICT|value_as_number|5",
        "measurement|measurement.csv|25|OMOP_VALUE|value_as_number|12",
        "measurement|measurement.csv|26|OMOP_VALUE|value_as_number|6.5",
        "measurement|measurement.csv|27|OMOP_VALUE|value_as_number|null",
        "measurement|measurement.csv|28|OMOP_DATE|measurement_date|null",
        "measurement|measurement.csv|36|OMOP_UNKNOWN_PERSON|person_id|99",
        "measurement|measurement.csv|18|OMOP_PERSON_REJECTED|person_id|6")) {
      assertTrue(rows.contains(expected), expected + " in\n" + String.join("\n", rows));
    }
    assertEquals(31, rows.size());
  }

  @Test
  void noDateNorSourceValueReachesAnyOutput() throws IOException {
    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".csv") || f.toString().endsWith(".json")).toList()) {
        String text = Files.readString(f);
        if (text.matches("(?s).*\\d{4}-\\d{2}-\\d{2}.*") || text.contains("MRN")) {
          leaks.add(out.relativize(f).toString());
        }
      }
    }
    // the quarantine's record column is Parquet: read it back
    for (Row r : spark.read().parquet(out.resolve("quarantine").toString()).select("record", "value", "message").collectAsList()) {
      String all = r.mkString("|");
      if (all.matches("(?s).*\\d{4}-\\d{2}-\\d{2}.*") || all.contains("MRN")) {
        leaks.add("quarantine: " + all);
      }
    }
    assertTrue(leaks.isEmpty(), leaks.toString());
  }

  @Test
  void ingestAcceptsEveryRowTheAdapterWrote() {
    Path curated = dir.resolve("ingested");
    IngestSummary ingest = IngestStage.run(spark, Settings.defaults(), out.toUri().toString(), curated.toUri().toString());
    ingest.tables().forEach(t -> assertEquals(0, t.rowsQuarantined(), t.table() + " " + t));
    assertEquals(9, ingest.tables().stream().filter(t -> t.table().equals("patients")).findFirst().orElseThrow().rowsAccepted());
  }

  @Test
  void rekeyingReplacesEveryPatientIdWithTheKeyedHash() {
    Config rekey = ConfigFactory.parseString("gait.omop.rekey = true").withFallback(SPEC);
    Path keyed = dir.resolve("keyed");
    String key = "a-test-key-of-sufficient-length";
    ImportOmopStage.run(spark, rekey, FIXTURE.toUri().toString(), keyed.toUri().toString(), Map.of("GAIT_REKEY_KEY", key));
    List<String> ids = spark.read().option("header", "true").csv(keyed.resolve("patients").toString()).select("patient_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertEquals(9, ids.size());
    assertTrue(ids.stream().allMatch(id -> id.matches("[0-9a-f]{32}")), ids.toString());
    assertFalse(ids.contains("omop-1"));
  }
}
