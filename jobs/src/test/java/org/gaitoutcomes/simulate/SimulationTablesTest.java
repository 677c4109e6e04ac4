package org.gaitoutcomes.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark generation: partition invariance, truth consistency, true effects, injected errors, output layout. */
class SimulationTablesTest {
  static SparkSession spark;
  static SimulationParams params;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
    params = SimulationParams.from(Settings.defaults());
  }

  /** Row count and an order-free content hash (sum of per-row xxhash64 over all columns). */
  static Row fingerprint(Dataset<Row> data) {
    Column[] all = java.util.Arrays.stream(data.columns()).map(c -> col(c)).toArray(Column[]::new);
    return data.agg(count(lit(1)), sum(xxhash64(all).cast("decimal(38,0)"))).first();
  }

  @Test
  void sameSeedGivesIdenticalRowsWithOneOrSevenPartitions() {
    SimulationTables one = new SimulationTables(spark, params, 5L, 300, 1, 8);
    SimulationTables seven = new SimulationTables(spark, params, 5L, 300, 7, 8);
    assertEquals(1, one.patients().rdd().getNumPartitions());
    assertEquals(7, seven.patients().rdd().getNumPartitions());
    List<java.util.function.Function<SimulationTables, Dataset<Row>>> tables = List.of(
        SimulationTables::patients, SimulationTables::footExams, SimulationTables::treatments, SimulationTables::outcomes,
        SimulationTables::gaitScans, SimulationTables::truthOutcomes);
    for (java.util.function.Function<SimulationTables, Dataset<Row>> table : tables) {
      Row a = fingerprint(table.apply(one));
      Row b = fingerprint(table.apply(seven));
      assertTrue(a.getLong(0) >= 300);
      assertEquals(a, b);
    }
    // the fingerprint does see content: another seed differs
    SimulationTables other = new SimulationTables(spark, params, 6L, 300, 7, 8);
    assertTrue(!fingerprint(one.patients()).equals(fingerprint(other.patients())));
  }

  @Test
  void everyObservedOutcomeEqualsThePotentialOutcomeOfTheReceivedDevice() {
    SimulationTables t = new SimulationTables(spark, params, 9L, 1500, 3, 0);
    Dataset<Row> observed = t.outcomes();
    Dataset<Row> truth = t.truthOutcomes();
    Column sections = lit(0);
    Column answered = lit(0);
    for (int j = 1; j <= 10; j++) {
      Column s = col("odi_" + j).cast("int");
      sections = sections.plus(when(s.isNull(), 0).otherwise(s));
      answered = answered.plus(when(s.isNull(), 0).otherwise(1));
    }
    Dataset<Row> joined = observed
        .withColumn("nrs", col("nrs_pain").cast("int"))
        .withColumn("odi", sections.multiply(100.0).divide(answered.multiply(5.0)))
        .withColumn("rmdq_i", col("rmdq").cast("int"))
        .withColumn("day_i", col("day").cast("int"))
        .join(truth.withColumnRenamed("patient_id", "pid").withColumnRenamed("day", "truth_day"),
            col("patient_id").equalTo(col("pid")).and(col("day_i").equalTo(col("truth_day"))), "left");
    Column custom = col("treated").equalTo(1);
    Row r = joined.agg(
        count(lit(1)),
        sum(when(col("pid").isNull(), 1).otherwise(0)),
        sum(when(col("observed"), 0).otherwise(1)),
        sum(when(col("nrs").equalTo(when(custom, col("nrs_custom")).otherwise(col("nrs_otc"))), 0).otherwise(1)),
        sum(when(col("rmdq_i").equalTo(when(custom, col("rmdq_custom")).otherwise(col("rmdq_otc"))), 0).otherwise(1)),
        sum(when(col("odi").minus(when(custom, col("odi_custom")).otherwise(col("odi_otc"))).between(-1e-9, 1e-9), 0).otherwise(1)))
        .first();
    long observedRows = truth.filter(col("observed")).count();
    assertEquals(observedRows, r.getLong(0), "every observed truth row is in outcomes and nothing else");
    assertEquals(0L, r.getLong(1), "outcome rows without a truth row");
    assertEquals(0L, r.getLong(2), "outcome rows whose truth row is not marked observed");
    assertEquals(0L, r.getLong(3), "NRS differs from the received device's potential outcome");
    assertEquals(0L, r.getLong(4), "RMDQ differs");
    assertEquals(0L, r.getLong(5), "ODI differs");
    // dropout is visible: fewer observed than simulated assessments, and every patient has a baseline
    assertTrue(observedRows < truth.count());
    assertEquals(1500, truth.filter(col("follow_up_day").equalTo(0).and(col("observed"))).count());
  }

  @Test
  void trueEffectsMatchAnIndependentComputationOverAllPatients() {
    int n = 300;
    SimulationTables t = new SimulationTables(spark, params, 13L, n, 2, 0);
    List<Map<String, Object>> effects = TruthEffects.compute(t.truthOutcomes());
    Map<String, Map<String, Object>> byKey = new HashMap<>();
    for (Map<String, Object> e : effects) {
      byKey.put(e.get("outcome") + "|" + e.get("estimand") + "|" + e.get("subgroup") + "|" + e.get("level"), e);
    }
    // independent: straight from the generator, changes from baseline, over all patients (no dropout applied)
    int k = 3; // day 84
    double ateNrs = 0;
    double attOdi = 0;
    double ateRespPronated = 0;
    int nTreated = 0;
    int nPronated = 0;
    for (int i = 0; i < n; i++) {
      SimulatedPatient p = PatientGenerator.generate(params, 13L, i);
      double change1 = p.nrs[1][k] - p.nrs[1][0];
      double change0 = p.nrs[0][k] - p.nrs[0][0];
      ateNrs += change1 - change0;
      if (p.treated) {
        attOdi += (p.odiPercent[1][k] - p.odiPercent[1][0]) - (p.odiPercent[0][k] - p.odiPercent[0][0]);
        nTreated++;
      }
      if (p.pronated()) {
        int b = p.baselineNrs();
        ateRespPronated += (PatientGenerator.responder(b, p.nrs[1][k]) ? 1 : 0) - (PatientGenerator.responder(b, p.nrs[0][k]) ? 1 : 0);
        nPronated++;
      }
    }
    Map<String, Object> nrs = byKey.get("nrs_change_d84|ATE|all|all");
    assertEquals(ateNrs / n, (Double) nrs.get("true_value"), 1e-9);
    assertEquals((long) n, nrs.get("n"));
    Map<String, Object> odi = byKey.get("odi_change_d84|ATT|all|all");
    assertEquals(attOdi / nTreated, (Double) odi.get("true_value"), 1e-9);
    assertEquals((long) nTreated, odi.get("n"));
    Map<String, Object> resp = byKey.get("responder_d84|ATE|pronated|yes");
    assertEquals(ateRespPronated / nPronated, (Double) resp.get("true_value"), 1e-9);
    assertEquals((long) nPronated, resp.get("n"));
    // every outcome, follow-up, estimand has the overall row
    for (int day : params.followUpDays) {
      for (String o : List.of("nrs_change_d", "odi_change_d", "rmdq_change_d", "responder_d")) {
        assertTrue(byKey.containsKey(o + day + "|ATE|all|all") && byKey.containsKey(o + day + "|ATT|all|all"), o + day);
      }
    }
  }

  static Column countIf(Column condition) {
    return sum(when(condition, 1).otherwise(0));
  }

  @Test
  void injectedErrorsAreWhereThePlanSays() {
    SimulationTables t = new SimulationTables(spark, params, 5L, 400, 3, 8);
    List<InjectedErrors.Injection> plan = t.errors();
    assertEquals(8, plan.size());
    InjectedErrors.Injection age = plan.get(0);
    assertEquals(InjectedErrors.Kind.NON_NUMERIC_AGE, age.kind());
    Row patients = t.patients().agg(count(lit(1)), countIf(col("age_years").equalTo("forty-two")),
        countIf(col("age_years").equalTo("forty-two").and(col("patient_id").equalTo(age.patientId()))),
        countIf(col("site").equalTo("jane.doe@example.org")), countIf(col("sex").isNull())).first();
    assertEquals(List.of(400L, 1L, 1L, 1L, 1L), List.of(patients.getLong(0), patients.getLong(1), patients.getLong(2), patients.getLong(3), patients.getLong(4)));
    Row outcomes = t.outcomes().agg(countIf(col("nrs_pain").equalTo("14")), countIf(col("patient_id").startsWith("X"))).first();
    assertEquals(List.of(1L, 1L), List.of(outcomes.getLong(0), outcomes.getLong(1)));
    Row treatments = t.treatments().agg(countIf(col("posting").equalTo("2024-03-14")), countIf(col("start_day").equalTo("-7"))).first();
    assertEquals(List.of(1L, 1L), List.of(treatments.getLong(0), treatments.getLong(1)));
    Row exams = t.footExams().agg(count(lit(1)), org.apache.spark.sql.functions.countDistinct(col("patient_id"), col("visit_day"), col("side"))).first();
    assertEquals(List.of(801L, 800L), List.of(exams.getLong(0), exams.getLong(1)));
  }

  /** Violations of a column's contract (required, type, range, allowed values, pattern) as a 0/1 expression. */
  static Column violation(org.gaitoutcomes.schema.ColumnSpec c) {
    Column v = col(c.name());
    Column bad = lit(false);
    if (c.required()) {
      bad = bad.or(v.isNull());
    }
    if (!c.type().equals("string")) {
      Column typed = v.cast(c.type());
      bad = bad.or(v.isNotNull().and(typed.isNull()));
      if (c.min() != null) {
        bad = bad.or(typed.lt(c.min()));
      }
      if (c.max() != null) {
        bad = bad.or(typed.gt(c.max()));
      }
    }
    if (!c.allowed().isEmpty()) {
      bad = bad.or(v.isNotNull().and(v.isin(c.allowed().toArray()).unary_$bang()));
    }
    if (c.pattern() != null) {
      bad = bad.or(v.isNotNull().and(v.rlike("^(?:" + c.pattern() + ")$").unary_$bang()));
    }
    return when(bad, 1).otherwise(0);
  }

  @Test
  void withoutInjectedErrorsEveryValueIsWithinItsContract() {
    SimulationTables t = new SimulationTables(spark, params, 17L, 1000, 2, 0);
    Map<String, Dataset<Row>> tables = Map.of(Schemas.PATIENTS, t.patients(), Schemas.FOOT_EXAMS, t.footExams(),
        Schemas.TREATMENTS, t.treatments(), Schemas.OUTCOMES, t.outcomes());
    for (Map.Entry<String, Dataset<Row>> e : tables.entrySet()) {
      List<org.gaitoutcomes.schema.ColumnSpec> columns = Schemas.get(e.getKey()).columns();
      Column[] sums = columns.stream().map(c -> sum(violation(c)).as(c.name())).toArray(Column[]::new);
      Row r = e.getValue().agg(sums[0], java.util.Arrays.copyOfRange(sums, 1, sums.length)).first();
      for (int i = 0; i < columns.size(); i++) {
        assertEquals(0L, r.getLong(i), e.getKey() + "." + columns.get(i).name() + " has values outside its contract");
      }
    }
    // the injected values do violate their contracts (the check can fail)
    SimulationTables bad = new SimulationTables(spark, params, 17L, 1000, 2, 8);
    org.gaitoutcomes.schema.ColumnSpec age = Schemas.get(Schemas.PATIENTS).column("age_years").orElseThrow();
    assertEquals(1L, bad.patients().agg(sum(violation(age))).first().getLong(0));
  }

  @Test
  void stageWritesTheInputLayoutWithStableNamesTruthAndVendorFiles(@TempDir Path dir) throws Exception {
    Map<String, Object> overrides = Map.of("gait.simulate.seed", 3, "gait.simulate.vendor-share", 0.04, "gait.simulate.inject-errors", 8);
    Config config = ConfigFactory.parseMap(overrides).withFallback(Settings.defaults()).resolve();
    String out = dir.resolve("sample").toUri().toString();
    SimulateSummary summary = SimulateStage.run(spark, config, 100, out);
    Path root = dir.resolve("sample");
    for (String f : List.of("patients.csv", "foot_exams.csv", "treatments.csv", "outcomes.csv", "gait_scans.parquet",
        "truth/truth_outcomes.parquet", "truth/truth_effects.parquet", "truth/truth_effects.json", "truth/truth_effects.csv",
        "scans/manifest.csv")) {
      assertTrue(Files.isRegularFile(root.resolve(f)), f);
    }
    assertEquals(100L, summary.rows().get(Schemas.PATIENTS));
    assertEquals(201L, summary.rows().get(Schemas.FOOT_EXAMS));
    assertEquals(200L, summary.rows().get(Schemas.GAIT_SCANS));
    assertEquals(100L * 6, summary.rows().get(Schemas.TRUTH_OUTCOMES));
    // gait_scans float arrays are two-level Parquet lists: one repeated float, no group per element
    try (org.apache.parquet.hadoop.ParquetFileReader footer = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(root.resolve("gait_scans.parquet").toUri()),
            spark.sparkContext().hadoopConfiguration()))) {
      String fileSchema = footer.getFileMetaData().getSchema().toString();
      assertTrue(fileSchema.matches("(?s).*group peak_kpa \\(LIST\\) \\{\\s*repeated float array;.*"), fileSchema);
    }
    // gait_scans reads back with its contract and the steps have the configured shape
    Row scan = spark.read().schema(Schemas.get(Schemas.GAIT_SCANS).structType()).parquet(root.resolve("gait_scans.parquet").toString())
        .selectExpr("size(steps)", "size(steps[0].peak_kpa)", "cell_rows * cell_cols", "device").first();
    assertEquals(params.stepsPerSide, scan.getInt(0));
    assertEquals(scan.getInt(2), scan.getInt(1));
    assertEquals("simulated", scan.getString(3));
    // every vendor file in the manifest exists; the manifest names nothing else
    List<String> manifestFiles = spark.read().option("header", "true").csv(root.resolve("scans/manifest.csv").toString())
        .select("file").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertTrue(!manifestFiles.isEmpty());
    for (String f : manifestFiles) {
      assertTrue(Files.isRegularFile(root.resolve("scans").resolve(f)), f);
    }
    assertEquals(manifestFiles.size(), summary.vendorFiles());
    // no checksum side files are left behind by the tidy step
    SimulateStage.removeChecksumFiles(spark.sparkContext().hadoopConfiguration(), out);
    try (var files = Files.walk(root)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".crc")));
    }
    String readme = SimulationReadme.render(summary, 0.04, "sample", null);
    assertTrue(readme.contains("bin/gait-outcomes simulate --patients 100 --seed 3 --vendor-share 0.04 --inject-errors 8 --output sample"));
    assertTrue(readme.contains("forty-two") && readme.contains("synthetic"));
  }
}
