package org.gaitoutcomes.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.scans.ScanRows;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The features stage on a tiny hand-made curated folder (scans given as steps, as the simulator writes them). */
class FeaturesStageTest {
  @TempDir
  Path tmp;

  /** The FootprintIndicesTest print (AI 0.2) on an 11 x 4 grid of 10 mm cells. */
  static float[] peak() {
    float[] g = FootprintIndicesTest.print(11, 2);
    g[10 * 4 + 1] = 150;
    g[10 * 4 + 2] = 150;
    return g;
  }

  static Row step(double start, double end) {
    float[] x = {20, 25, 27, 15};
    float[] y = {5, 40, 80, 105};
    return RowFactory.create(start, end, peak(), x, y, new float[] {100, 600, 500, 100});
  }

  static Row scan(String scanId, String patient, int day, String side, Row... steps) {
    return RowFactory.create(scanId, patient, day, side, "simulated", 100.0, 11, 4, 10.0, 10.0, null, steps);
  }

  static Row exam(String patient, int day, String side, double seated, double standing, int fpiItem, double rcsp, double legMm) {
    return RowFactory.create(patient, day, side, seated, standing, fpiItem, fpiItem, fpiItem, fpiItem, fpiItem, 1, rcsp, legMm,
        15.0 + (side.equals("L") ? 1 : 3), 40.0 - (side.equals("L") ? 0 : 5), 4);
  }

  static void write(SparkSession spark, List<Row> rows, String table, StructType schema, Path curated) {
    spark.createDataFrame(rows, schema).write().parquet(curated.resolve(table).toString());
  }

  @Test
  void baselineTakesTheExamAndScanClosestBeforeTheIndexDay() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Path curated = tmp.resolve("curated");
    // Ingest writes every curated table, empty when its input had none: patients come from the other tables here.
    write(spark, List.of(), "patients", Schemas.get(Schemas.PATIENTS).structType(), curated);
    write(spark, List.of(RowFactory.create("PAT1", "custom", 10, "medial", 0.0, 0.9), RowFactory.create("PAT1", "otc", 30, "none", 0.0, 0.5),
        RowFactory.create("PAT3", "otc", 5, "none", 0.0, 0.5)), "treatments", Schemas.get(Schemas.TREATMENTS).structType(), curated);
    write(spark, List.of(
        exam("PAT1", 0, "L", 50, 30, 2, -5, 900), exam("PAT1", 0, "R", 50, 30, 2, -5, 900),
        exam("PAT1", 7, "L", 45, 38.5, 1, -2.5, 812), exam("PAT1", 7, "R", 44, 40, 0, 1.0, 805),
        exam("PAT1", 20, "L", 40, 20, 2, -9, 800), exam("PAT1", 20, "R", 40, 20, 2, -9, 800),
        exam("PAT2", 0, "L", 40, 36, 0, 0, 850), exam("PAT2", 0, "R", 40, 35, -1, 0, 851),
        exam("PAT2", 14, "L", 40, 20, 2, -9, 800), exam("PAT2", 14, "R", 40, 20, 2, -9, 800),
        exam("PAT3", 9, "L", 40, 20, 2, -9, 800), exam("PAT3", 9, "R", 40, 20, 2, -9, 800)),
        "foot_exams", Schemas.get(Schemas.FOOT_EXAMS).structType(), curated);
    // PAT1 day 3: L steps start 0, 1.1, 2.2 (stance 0.6); R steps start 0.55, 1.65 (stance 0.65). Day 12 is after the index day.
    write(spark, List.of(
        scan("SC1", "PAT1", 3, "L", step(0, 0.6), step(1.1, 1.7), step(2.2, 2.8)),
        scan("SC1", "PAT1", 3, "R", step(0.55, 1.2), step(1.65, 2.3)),
        scan("SC2", "PAT1", 12, "L", step(0, 0.9))), "gait_scans", ScanRows.schema(), curated);

    String out = tmp.resolve("features").toString();
    FeaturesStage.Summary s = FeaturesStage.run(spark, Settings.defaults(), curated.toString(), null, out);
    assertEquals(new FeaturesStage.Summary(3, 2, 1, 3), s);

    Dataset<Row> baseline = spark.read().parquet(out + "/baseline_features");
    assertEquals(Schemas.get(Schemas.BASELINE_FEATURES).columnNames(), List.of(baseline.columns()));
    Map<String, Row> b = baseline.collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
    Row p1 = b.get("PAT1");
    assertEquals(7, p1.<Integer>getAs("exam_day")); // index day 10 (first device): exams 0, 7 qualify, 20 does not
    assertEquals(3, p1.<Integer>getAs("scan_day"));
    assertEquals("simulated", p1.getAs("scan_device"));
    assertEquals(6.5, p1.<Double>getAs("navicular_drop_l_mm"), 1e-9);
    assertEquals(4.0, p1.<Double>getAs("navicular_drop_r_mm"), 1e-9);
    assertEquals(6.5, p1.<Double>getAs("navicular_drop_worse_mm"), 1e-9);
    assertEquals(6, p1.<Integer>getAs("fpi_total_l")); // five items of 1 and one of 1
    assertEquals(1, p1.<Integer>getAs("fpi_total_r"));
    assertEquals("pronated", p1.getAs("fpi_category_worse"));
    assertEquals(true, p1.getAs("pronated"));
    assertEquals(-2.5, p1.<Double>getAs("rcsp_worse_deg"), 1e-9);
    assertEquals("pronator", p1.getAs("rcsp_category_worse"));
    assertEquals(7.0, p1.<Double>getAs("lld_mm"), 1e-9);
    assertEquals("6_to_10", p1.getAs("lld_category"));
    assertEquals(18.0, p1.<Double>getAs("q_angle_worse_deg"), 1e-9);
    assertEquals(35.0, p1.<Double>getAs("dorsiflexion_min_deg"), 1e-9);
    assertEquals(0.2, p1.<Double>getAs("arch_index_worse"), 1e-9);
    assertEquals("high", p1.getAs("arch_category_worse"));
    assertEquals(50.0, p1.<Double>getAs("chippaux_smirak_worse"), 1e-9);
    // Stride 1.1 s both feet -> cadence 120 / 1.1; stance L 0.6, R 0.65 -> SI = 0.05 / 0.625 x 100 = 8 %.
    assertEquals(120 / 1.1, p1.<Double>getAs("cadence_spm"), 1e-9);
    assertEquals(0.625, p1.<Double>getAs("stance_time_s"), 1e-9);
    assertEquals(8.0, p1.<Double>getAs("stance_time_si"), 1e-9);
    Row p2 = b.get("PAT2"); // untreated: index day 0
    assertEquals(0, p2.<Integer>getAs("exam_day"));
    assertNull(p2.getAs("scan_day"));
    assertEquals(-1.0, p2.<Double>getAs("lld_mm"), 1e-9);
    assertEquals("under_6", p2.getAs("lld_category"));
    Row p3 = b.get("PAT3"); // only exam after the index day
    assertNull(p3.getAs("exam_day"));
    assertNull(p3.getAs("fpi_total_worse"));

    Dataset<Row> scanFeatures = spark.read().parquet(out + "/scan_features");
    assertEquals(Schemas.get(Schemas.SCAN_FEATURES).columnNames(), List.of(scanFeatures.columns()));
    Row sc1l = scanFeatures.filter("scan_id = 'SC1' AND side = 'L'").first();
    assertEquals(3, sc1l.<Integer>getAs("n_steps"));
    assertEquals(0.2, sc1l.<Double>getAs("arch_index"), 1e-9);
    assertEquals(200.0, sc1l.<Double>getAs("hindfoot_peak_kpa"), 1e-9);
    assertNull(sc1l.getAs("hindfoot_pti_kpa_s")); // steps carry no frames
    assertTrue(sc1l.<Double>getAs("cpei") != null);

    // The saved Pipeline reloads and gives identical features: scan_features is its output, nothing runs outside it.
    Dataset<Row> scans = spark.read().parquet(curated.resolve("gait_scans").toString());
    PipelineModel reloaded = PipelineModel.load(out + "/pipeline/scans");
    SparkTestSession.assertSameRows(scanFeatures.orderBy("scan_id", "side"),
        reloaded.transform(scans).orderBy("scan_id", "side"));
    assertEquals(Settings.defaults().getDouble("gait.features.contact-threshold-n"),
        ((StepSegmenter) reloaded.stages()[0]).getContactThresholdN());
  }

  @Test
  void transformSchemaRejectsAMissingColumnBeforeReadingData() {
    StructType noSteps = ScanRows.schema();
    List<org.apache.spark.sql.types.StructField> kept = new ArrayList<>();
    for (var f : noSteps.fields()) {
      if (!f.name().equals("steps")) {
        kept.add(f);
      }
    }
    StructType schema = new StructType(kept.toArray(new org.apache.spark.sql.types.StructField[0]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PressureFeatures().transformSchema(schema));
    assertTrue(e.getMessage().contains("'steps'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new StepSegmenter().transformSchema(schema));
    assertTrue(e.getMessage().contains("StepSegmenter"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ExamFeatures().transformSchema(Schemas.get(Schemas.PATIENTS).structType()));
    assertTrue(e.getMessage().contains("navicular_height_seated_mm"), e.getMessage());
  }

  @Test
  void examFeatureExpressionsAgreeWithThePlainJavaFormulas() {
    SparkSession spark = SparkTestSession.get();
    List<Row> rows = new ArrayList<>();
    int[] items = {-2, -1, 0, 1, 2};
    double[] rcsp = {-3.0, -2.0, -1.9, 2.9, 3.0, 5.0};
    for (int i = 0; i < 30; i++) {
      int a = items[i % 5];
      int bItem = items[(i / 5) % 5];
      rows.add(RowFactory.create("PAT" + i, 0, "L", 40.0 + i, 35.0, a, a, bItem, bItem, a, bItem, rcsp[i % 6], 800.0, 15.0, 40.0, 2));
    }
    List<Row> got = new ExamFeatures().transform(spark.createDataFrame(rows, Schemas.get(Schemas.FOOT_EXAMS).structType()))
        .orderBy("navicular_height_seated_mm").collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      Row in = rows.get(i);
      Row out = got.get(i);
      Integer total = ExamMeasures.fpiTotal(in.getInt(5), in.getInt(6), in.getInt(7), in.getInt(8), in.getInt(9), in.getInt(10));
      assertEquals(ExamMeasures.navicularDrop(in.getDouble(3), in.getDouble(4)), out.<Double>getAs("navicular_drop_mm"), 1e-12);
      assertEquals(total, out.<Integer>getAs("fpi_total"));
      assertEquals(ExamMeasures.fpiCategory(total), out.getAs("fpi_category"));
      assertEquals(ExamMeasures.rcspCategory(in.getDouble(11)), out.getAs("rcsp_category"));
    }
  }
}
