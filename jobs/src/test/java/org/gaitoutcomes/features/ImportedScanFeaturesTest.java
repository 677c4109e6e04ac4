package org.gaitoutcomes.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.scans.ParsedScan;
import org.gaitoutcomes.scans.ScanFormat;
import org.gaitoutcomes.scans.ScanRows;
import org.gaitoutcomes.testing.RepoPaths;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The scan Pipeline on frames parsed from the real F-Scan and emed exports (skipped when ../shared is absent). */
class ImportedScanFeaturesTest {
  static List<ParsedScan> parse(String device, String fixture, String side) throws IOException {
    Path p = RepoPaths.sharedFixture("pressure/" + fixture);
    try (InputStream in = Files.newInputStream(p)) {
      return ScanFormat.parse(device, p.getFileName().toString(), in, side);
    }
  }

  @Test
  void framesBecomeStepsAndPlausibleFeatures() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (ParsedScan s : parse("fscan", "fscan_testL.asf", "L")) {
      rows.add(ScanRows.toRow("FSCAN01", "PAT0001", 0, s));
    }
    for (ParsedScan s : parse("emed", "emed_test.lst", "R")) {
      rows.add(ScanRows.toRow("EMED001", "PAT0002", 0, s));
    }
    SparkSession spark = SparkTestSession.get();
    List<Row> out = FeaturesStage.scanPipeline(Settings.defaults())
        .fit(spark.createDataFrame(rows, ScanRows.schema()))
        .transform(spark.createDataFrame(rows, ScanRows.schema())).orderBy("scan_id").collectAsList();
    Row emed = out.get(0);
    Row fscan = out.get(1);
    assertEquals(5, fscan.<Integer>getAs("n_steps"));
    assertEquals(1, emed.<Integer>getAs("n_steps"));
    // Walking: stance 0.5-1.0 s, stride 0.9-1.5 s, cadence 80-130 steps/min.
    double stance = fscan.<Double>getAs("stance_time_s");
    double stride = fscan.<Double>getAs("stride_time_s");
    assertTrue(stance > 0.5 && stance < 1.0, "stance " + stance);
    assertTrue(stride > 0.9 && stride < 1.5, "stride " + stride);
    assertEquals(120 / stride, fscan.<Double>getAs("cadence_spm"), 1e-9);
    for (Row r : out) {
      double ai = r.<Double>getAs("arch_index");
      assertTrue(ai > 0.15 && ai < 0.40, r.getString(0) + " arch index " + ai);
      double footLength = r.<Double>getAs("foot_length_mm");
      assertTrue(footLength > 200 && footLength < 310, r.getString(0) + " foot length " + footLength);
      // PTI exists for frame-based scans and is below peak pressure x stance time.
      double pti = r.<Double>getAs("forefoot_pti_kpa_s");
      assertTrue(pti > 0 && pti < r.<Double>getAs("forefoot_peak_kpa") * 1.2, "PTI " + pti);
      // CPEI (%) of feet walking normally: 20.1 +/- 5.8, planus 14.6 +/- 7.6, cavus 25.7 +/- 5.9 (Song 1996), so within 0-45.
      double cpei = r.<Double>getAs("cpei");
      assertTrue(cpei > 0 && cpei < 45, r.getString(0) + " CPEI " + cpei);
      assertTrue(r.<Double>getAs("hindfoot_area_cm2") > 10, "heel contact area");
    }
  }
}
