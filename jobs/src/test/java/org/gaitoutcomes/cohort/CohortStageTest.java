package org.gaitoutcomes.cohort;

import static org.gaitoutcomes.cohort.CohortFixture.odi;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.results.ResultTable;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cohort stage on nine hand-made patients. Days below are relative to the patient's baseline in
 * the input and to the index day (first device start) in the comments marked "rel".
 *
 * <pre>
 * P001 F 45, custom from day 10. Baseline window rel -28..0: rel -5 NRS 6 RMDQ 12; rel 0 NRS 7 ODI all 2 (40%).
 *      rel -40 NRS 9 and rel -30 NRS 5 are before the window. Follow-up: rel 10 NRS 5 and rel 18 NRS 4 tie for
 *      day 14 (distance 4) -> earlier, NRS 5; rel 49 NRS 6 (window 35..49 edge); rel 50 NRS 1 (in no window);
 *      rel 80 NRS 4 ODI all 1 RMDQ 3; rel 84 NRS 3 ODI 15/45 (one missing) RMDQ 6 -> day 84.
 * P002 M 60, otc from day 0, custom from 30 (arm: otc). rel -10 NRS 4 ODI two missing (not scored) RMDQ 10.
 *      rel 7 NRS 4, rel 21 NRS 3 tie for day 14 -> NRS 4; rel 42 NRS 4 ODI 40% RMDQ 8; rel 400 NRS 0 (after 378).
 * P003 custom, baseline NRS 2.           P004 no device.               P005 otc, age 17.
 * P006 custom, prior orthotic.           P007 otc from day 5, prior orthotic unknown, NRS 3 at rel -2, no follow-up.
 * P008 custom from 30, NRS only at rel -29 (no baseline).
 * P009 otc, NRS 6 at rel 0, 4 at rel 30 (a response outside every window), 5 at rel 42.
 * </pre>
 */
class CohortStageTest {
  private static final double EPS = 1e-9;
  private static CohortFixture fixture;

  @TempDir
  Path dir;

  @BeforeAll
  static void fixture() {
    Integer[] none = new Integer[10];
    fixture = new CohortFixture()
        .patient("P001", "F", 45, 165.0, 60.0, false)
        .patient("P002", "M", 60, 180.0, 81.0, false)
        .patient("P003", "F", 50, 170.0, 70.0, false)
        .patient("P004", "M", 40, 175.0, 80.0, false)
        .patient("P005", "M", 17, 175.0, 65.0, false)
        .patient("P006", "F", 35, 160.0, 55.0, true)
        .patient("P007", "F", 70, null, 70.0, null)
        .patient("P008", "M", 55, 182.0, 90.0, false)
        .patient("P009", "F", 30, 168.0, 62.0, false)
        .device("P001", "custom", 10)
        .device("P002", "otc", 0)
        .device("P002", "custom", 30)
        .device("P003", "custom", 0)
        .device("P005", "otc", 0)
        .device("P006", "custom", 0)
        .device("P007", "otc", 5)
        .device("P008", "custom", 30)
        .device("P009", "otc", 0)
        .nrs("P001", -30, 9)
        .nrs("P001", -20, 5)
        .assessment("P001", 5, 6, none, 12)
        .assessment("P001", 10, 7, odi(2, 2, 2, 2, 2, 2, 2, 2, 2, 2), null)
        .nrs("P001", 20, 5)
        .nrs("P001", 28, 4)
        .nrs("P001", 59, 6)
        .nrs("P001", 60, 1)
        .assessment("P001", 90, 4, odi(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 3)
        .assessment("P001", 94, 3, odi(2, 2, 2, 2, 2, 2, 2, null, 1, 0), 6)
        .assessment("P002", -10, 4, odi(3, 3, 3, 3, 3, 3, 3, null, null, 3), 10)
        .nrs("P002", 7, 4)
        .nrs("P002", 21, 3)
        .assessment("P002", 42, 4, odi(2, 2, 2, 2, 2, 2, 2, 2, 2, 2), 8)
        .nrs("P002", 400, 0)
        .nrs("P003", 0, 2)
        .nrs("P004", 0, 8)
        .nrs("P005", 0, 5)
        .nrs("P006", 0, 5)
        .nrs("P007", 3, 3)
        .nrs("P008", 1, 6)
        .nrs("P009", 0, 6)
        .nrs("P009", 30, 4)
        .nrs("P009", 42, 5)
        .features("P001", Map.of("pronated", true, "fpi_total_worse", 7, "lld_abs_mm", 8.0, "arch_index_worse", 0.28))
        .features("P002", Map.of("pronated", false, "fpi_total_worse", 2, "lld_abs_mm", 3.0));
  }

  @Test
  void defaultStudyBuildsTheHandComputedCohort() {
    CohortSummary summary = run(Settings.defaults(), true, "out");
    Map<String, Row> cohort = readCohort("out");
    assertEquals(List.of("P001", "P002", "P007", "P009"), cohort.keySet().stream().sorted().toList());
    assertEquals(9, summary.patients());
    assertEquals(4, summary.eligible());
    assertEquals(1, summary.treated());
    assertEquals(3, summary.control());
    assertTrue(summary.footFeatures());

    Row p1 = cohort.get("P001");
    assertEquals(1, (int) p1.getAs("treated"));
    assertEquals(10, (int) p1.getAs("index_day"));
    assertEquals(1, (int) p1.getAs("female"));
    assertEquals(45, (int) p1.getAs("age_years"));
    assertEquals("S1", p1.getAs("site"));
    assertEquals(60.0 / (1.65 * 1.65), p1.getAs("bmi"), EPS);
    assertEquals(12.0, p1.getAs("pain_duration_months"), EPS);
    // Baselines: latest in rel -28..0, per measure.
    assertEquals(7.0, p1.getAs("nrs_baseline"), EPS);
    assertEquals(40.0, p1.getAs("odi_baseline"), EPS);
    assertEquals(12.0, p1.getAs("rmdq_baseline"), EPS);
    // Day 14: tie between rel 10 (NRS 5) and rel 18 (NRS 4) goes to the earlier.
    assertEquals(5.0, p1.getAs("nrs_d14"), EPS);
    assertEquals(-2.0, p1.getAs("nrs_change_d14"), EPS);
    assertEquals(1, (int) p1.getAs("responder_d14")); // 2 points
    assertNull(p1.getAs("odi_change_d14"));
    assertNull(p1.getAs("rmdq_change_d14"));
    // Day 42: rel 49 is on the window's edge; 7 -> 6 is 1 point, 14%: no response.
    assertEquals(6.0, p1.getAs("nrs_d42"), EPS);
    assertEquals(-1.0, p1.getAs("nrs_change_d42"), EPS);
    assertEquals(0, (int) p1.getAs("responder_d42"));
    // Day 84: rel 84 beats rel 80 for every measure.
    assertEquals(3.0, p1.getAs("nrs_d84"), EPS);
    assertEquals(-4.0, p1.getAs("nrs_change_d84"), EPS);
    assertEquals(1, (int) p1.getAs("responder_d84"));
    assertEquals(1500.0 / 45.0 - 40.0, p1.getAs("odi_change_d84"), EPS); // 33.33 - 40 = -6.67
    assertEquals(0, (int) p1.getAs("odi_responder_d84"));
    assertEquals(-6.0, p1.getAs("rmdq_change_d84"), EPS);
    assertEquals(1, (int) p1.getAs("rmdq_responder_d84"));
    for (int d : new int[] {182, 364}) {
      assertNull(p1.getAs("nrs_d" + d));
      assertNull(p1.getAs("nrs_change_d" + d));
      assertNull(p1.getAs("responder_d" + d));
    }
    // First response at rel 10.
    assertEquals(10, (int) p1.getAs("response_day"));
    assertEquals(1, (int) p1.getAs("response_event"));
    // Foot features joined.
    assertEquals(Boolean.TRUE, p1.getAs("pronated"));
    assertEquals(7, (int) p1.getAs("fpi_total_worse"));
    assertEquals(8.0, p1.getAs("lld_abs_mm"), EPS);
    assertEquals(0.28, p1.getAs("arch_index_worse"), EPS);
    assertNull(p1.getAs("cadence_spm"));

    Row p2 = cohort.get("P002");
    assertEquals(0, (int) p2.getAs("treated")); // first device otc; the later custom one does not count
    assertEquals(0, (int) p2.getAs("index_day"));
    assertEquals(0, (int) p2.getAs("female"));
    assertEquals(25.0, p2.getAs("bmi"), EPS);
    assertEquals(4.0, p2.getAs("nrs_baseline"), EPS);
    assertNull(p2.getAs("odi_baseline")); // two sections missing: not scored
    assertEquals(10.0, p2.getAs("rmdq_baseline"), EPS);
    assertEquals(4.0, p2.getAs("nrs_d14"), EPS); // tie rel 7 / rel 21 -> rel 7
    assertEquals(0.0, p2.getAs("nrs_change_d14"), EPS);
    assertEquals(0, (int) p2.getAs("responder_d14"));
    assertEquals(0.0, p2.getAs("nrs_change_d42"), EPS);
    assertNull(p2.getAs("odi_change_d42"));
    assertNull(p2.getAs("odi_responder_d42"));
    assertEquals(-2.0, p2.getAs("rmdq_change_d42"), EPS);
    assertEquals(0, (int) p2.getAs("rmdq_responder_d42"));
    assertNull(p2.getAs("nrs_change_d84"));
    // Never responds: censored at the last NRS within the horizon (rel 42; rel 400 is after day 378).
    assertEquals(42, (int) p2.getAs("response_day"));
    assertEquals(0, (int) p2.getAs("response_event"));
    assertEquals(Boolean.FALSE, p2.getAs("pronated"));

    Row p7 = cohort.get("P007");
    assertEquals(5, (int) p7.getAs("index_day"));
    assertEquals(3.0, p7.getAs("nrs_baseline"), EPS); // boundary: >= 3 is eligible
    assertNull(p7.getAs("bmi"));
    for (String c : CohortSteps.outcomeColumns(CohortSettings.from(Settings.defaults()))) {
      assertNull(p7.getAs(c), "P007 has no follow-up: " + c);
    }
    assertNull(p7.getAs("pronated"));

    Row p9 = cohort.get("P009");
    assertNull(p9.getAs("nrs_d14"));
    assertEquals(-1.0, p9.getAs("nrs_change_d42"), EPS);
    assertEquals(0, (int) p9.getAs("responder_d42"));
    assertEquals(30, (int) p9.getAs("response_day")); // 6 -> 4 at rel 30, between windows
    assertEquals(1, (int) p9.getAs("response_event"));

    assertEquals(new CohortSummary.Observed(1, 1), summary.observed().get("nrs_change_d14"));
    assertEquals(new CohortSummary.Observed(1, 2), summary.observed().get("nrs_change_d42"));
    assertEquals(new CohortSummary.Observed(1, 0), summary.observed().get("odi_change_d84"));
    assertEquals(new CohortSummary.Observed(1, 2), summary.observed().get("response_event"));
  }

  @Test
  void attritionCountsEveryRuleByArm() {
    run(Settings.defaults(), true, "out");
    List<Map<String, Object>> rows = ResultTable.read(new Configuration(), dir.resolve("out").toString(), Schemas.ATTRITION).rows();
    List<String> expected = List.of(
        "0 all_patients 9 0 4 4",
        "1 has_device 8 1 4 4",
        "2 baseline_nrs 6 2 2 4",
        "3 adult 5 1 2 3",
        "4 no_prior_orthotic 4 1 1 3",
        "5 study_device 4 0 1 3",
        "6 required_values 4 0 1 3");
    assertEquals(expected, describe(rows));
    assertTrue(Files.exists(dir.resolve("out/attrition.csv")));
  }

  @Test
  void treatmentLabelsAndRulesComeFromTheSpec() throws Exception {
    Config spec = spec("gait.cohort { comparator = sham, eligibility = ["
        + "{id = has_device, description = \"Has a device\", condition = \"index_day IS NOT NULL\"}, "
        + "{id = baseline_nrs, description = \"Baseline NRS >= 3\", condition = \"nrs_baseline >= 3\"}] }");
    CohortSummary summary = run(spec, false, "sham");
    // otc devices belong to neither arm now; required_values removes them.
    assertEquals(List.of(
        "0 all_patients 9 0 4 0",
        "1 has_device 8 1 4 0",
        "2 baseline_nrs 6 2 2 0",
        "3 required_values 2 4 2 0"), describe(summary.attrition()));
    Map<String, Row> cohort = readCohort("sham");
    assertEquals(List.of("P001", "P006"), cohort.keySet().stream().sorted().toList());
    assertFalse(summary.footFeatures());
    assertNull(cohort.get("P001").getAs("pronated")); // no features given: foot covariates null
    assertNull(cohort.get("P001").getAs("fpi_total_worse"));
  }

  @Test
  void windowsAndScoringFollowTheSpec() throws Exception {
    // Day 14 +/- 4 only (horizon day 18); ODI with two missing is now scored; a stricter responder rule.
    Config spec = spec("gait.cohort { follow-up = [{day = 14, half-width = 4}], "
        + "scoring { odi-max-missing = 2, responder-min-percent = 50, responder-min-points = 5 } }");
    run(spec, true, "narrow");
    Map<String, Row> cohort = readCohort("narrow");
    Row p1 = cohort.get("P001");
    assertEquals(5.0, p1.getAs("nrs_d14"), EPS); // rel 10 and rel 18 both at distance 4 -> earlier
    assertEquals(0, (int) p1.getAs("responder_d14")); // 2 points, 29%: neither 50% nor 5 points
    assertFalse(List.of(cohort.get("P001").schema().fieldNames()).contains("nrs_d42"));
    // Response now needs 50% (7 -> 3.5): first at rel 50 (NRS 1); horizon is day 18, so censored at rel 18.
    assertEquals(18, (int) p1.getAs("response_day"));
    assertEquals(0, (int) p1.getAs("response_event"));
    // 6 x 3 x 3 over 8 answered x 5: 24 / 40 x 100 = 60.
    assertEquals(60.0, cohort.get("P002").getAs("odi_baseline"), EPS);
  }

  @Test
  void cohortColumnsAreTheContractThenFeaturesThenOutcomes() {
    run(Settings.defaults(), true, "out");
    Dataset<Row> cohort = SparkTestSession.get().read().parquet(dir.resolve("out/cohort").toString());
    List<String> expected = new ArrayList<>(Schemas.get(Schemas.COHORT).columnNames());
    Schemas.get(Schemas.BASELINE_FEATURES).columnNames().stream().filter(c -> !c.equals("patient_id")).forEach(expected::add);
    CohortSteps.outcomeColumns(CohortSettings.from(Settings.defaults())).stream().filter(c -> !expected.contains(c)).forEach(expected::add);
    assertEquals(expected, List.of(cohort.columns()));
    for (ColumnSpec c : Schemas.get(Schemas.COHORT).columns()) {
      assertEquals(c.dataType(), cohort.schema().apply(c.name()).dataType(), c.name());
    }
    assertEquals("integer", cohort.schema().apply("responder_d84").dataType().typeName());
    assertEquals("double", cohort.schema().apply("nrs_change_d84").dataType().typeName());
    assertTrue(expected.containsAll(List.of("nrs_d14", "nrs_change_d84", "odi_change_d182", "rmdq_change_d364", "responder_d42")));
  }

  @Test
  void resultDoesNotDependOnPartitioning() {
    SparkSession spark = SparkTestSession.get();
    String before = spark.conf().get("spark.sql.shuffle.partitions");
    try {
      spark.conf().set("spark.sql.shuffle.partitions", "1");
      fixture.write(spark, dir.resolve("p1"), 1);
      CohortSummary one = CohortStage.run(spark, Settings.defaults(), dir.resolve("p1/curated").toString(),
          dir.resolve("p1/features").toString(), dir.resolve("p1/out").toString());
      spark.conf().set("spark.sql.shuffle.partitions", "7");
      fixture.write(spark, dir.resolve("p7"), 5);
      CohortSummary seven = CohortStage.run(spark, Settings.defaults(), dir.resolve("p7/curated").toString(),
          dir.resolve("p7/features").toString(), dir.resolve("p7/out").toString());
      assertEquals(one, seven);
      List<Row> a = spark.read().parquet(dir.resolve("p1/out/cohort").toString()).orderBy("patient_id").collectAsList();
      List<Row> b = spark.read().parquet(dir.resolve("p7/out/cohort").toString()).orderBy("patient_id").collectAsList();
      assertEquals(4, a.size());
      assertEquals(a, b);
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", before);
    }
  }

  @Test
  void missingTableOrColumnFailsNamingIt() throws Exception {
    SparkSession spark = SparkTestSession.get();
    fixture.write(spark, dir, 1);
    String curated = dir.resolve("curated").toString();
    String out = dir.resolve("out").toString();

    org.apache.commons.io.FileUtils.deleteDirectory(dir.resolve("curated/outcomes").toFile());
    GaitException missingTable = assertThrows(GaitException.class, () -> CohortStage.run(spark, Settings.defaults(), curated, null, out));
    assertTrue(missingTable.getMessage().contains("curated table 'outcomes' (curated/outcomes/) not found"), missingTable.getMessage());

    spark.createDataFrame(fixture.outcomes, Schemas.get(Schemas.OUTCOMES).structType()).drop("rmdq")
        .write().mode(SaveMode.Overwrite).parquet(dir.resolve("curated/outcomes").toString());
    GaitException missingColumn = assertThrows(GaitException.class, () -> CohortStage.run(spark, Settings.defaults(), curated, null, out));
    assertTrue(missingColumn.getMessage().contains("curated table 'outcomes' (curated/outcomes/) has no column 'rmdq'"), missingColumn.getMessage());

    spark.createDataFrame(fixture.outcomes, Schemas.get(Schemas.OUTCOMES).structType())
        .withColumn("nrs_pain", org.apache.spark.sql.functions.col("nrs_pain").cast("string"))
        .write().mode(SaveMode.Overwrite).parquet(dir.resolve("curated/outcomes").toString());
    GaitException wrongType = assertThrows(GaitException.class, () -> CohortStage.run(spark, Settings.defaults(), curated, null, out));
    assertTrue(wrongType.getMessage().contains("column 'nrs_pain' has type string, contract outcomes says int"), wrongType.getMessage());
    assertFalse(Files.exists(dir.resolve("out/cohort")));
  }

  @Test
  void duplicateFeatureRowsFailInsteadOfDuplicatingPatients() {
    SparkSession spark = SparkTestSession.get();
    fixture.write(spark, dir, 1);
    List<Row> twice = new ArrayList<>(fixture.features);
    twice.add(fixture.features.get(0));
    spark.createDataFrame(twice, Schemas.get(Schemas.BASELINE_FEATURES).structType())
        .write().mode(SaveMode.Overwrite).parquet(dir.resolve("features").toString());
    GaitException e = assertThrows(GaitException.class, () -> CohortStage.run(spark, Settings.defaults(),
        dir.resolve("curated").toString(), dir.resolve("features").toString(), dir.resolve("out").toString()));
    assertTrue(e.getMessage().contains("baseline features have more than one row for some patient_id (10 cohort candidates from 9 patients)"), e.getMessage());
  }

  @Test
  void badEligibilityConditionFailsBeforeComputing() throws Exception {
    fixture.write(SparkTestSession.get(), dir, 1);
    Config typo = spec("gait.cohort.eligibility = [{id = adult, description = Adult, condition = \"age_yaers >= 18\"}]");
    GaitException e = assertThrows(GaitException.class, () -> CohortStage.run(SparkTestSession.get(), typo,
        dir.resolve("curated").toString(), null, dir.resolve("out").toString()));
    assertTrue(e.getMessage().startsWith("eligibility rule 'adult': condition \"age_yaers >= 18\" is invalid"), e.getMessage());
    Config notBoolean = spec("gait.cohort.eligibility = [{id = adult, description = Adult, condition = \"age_years + 1\"}]");
    GaitException e2 = assertThrows(GaitException.class, () -> CohortStage.run(SparkTestSession.get(), notBoolean,
        dir.resolve("curated").toString(), null, dir.resolve("out").toString()));
    assertTrue(e2.getMessage().contains("gives int, not a boolean"), e2.getMessage());
  }

  private CohortSummary run(Config config, boolean withFeatures, String output) {
    SparkSession spark = SparkTestSession.get();
    if (!Files.exists(dir.resolve("curated"))) {
      fixture.write(spark, dir, 2);
    }
    return CohortStage.run(spark, config, dir.resolve("curated").toString(),
        withFeatures ? dir.resolve("features").toString() : null, dir.resolve(output).toString());
  }

  private Map<String, Row> readCohort(String output) {
    Map<String, Row> byId = new HashMap<>();
    for (Row r : SparkTestSession.get().read().parquet(dir.resolve(output + "/cohort").toString()).collectAsList()) {
      byId.put(r.getAs("patient_id"), r);
    }
    return byId;
  }

  private Config spec(String hocon) throws Exception {
    Path file = dir.resolve("spec-" + System.nanoTime() + ".conf");
    Files.writeString(file, hocon);
    return Settings.load(new Configuration(), file.toUri().toString(), Map.of());
  }

  private static List<String> describe(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> r.get("step") + " " + r.get("rule") + " " + r.get("n_remaining") + " " + r.get("n_excluded")
        + " " + r.get("n_treated") + " " + r.get("n_control")).toList();
  }
}
