package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.scans.ImportScansStage;
import org.gaitoutcomes.scans.ParsedScan;
import org.gaitoutcomes.scans.PedarAscParser;
import org.gaitoutcomes.scans.PedarLayout;
import org.gaitoutcomes.scans.StepSegmentation;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Simulated pedar exports import with our own importer and reproduce the simulated steps and pressures. */
class PedarRoundTripTest {
  @Test
  void exportedPedarFilesParseBackToTheSimulatedStepsAndPressures() {
    SimulationParams p = SimulationParams.from(Settings.defaults());
    for (long index = 0; index < 6; index++) {
      SimulatedPatient patient = PatientGenerator.generate(p, 5L, index);
      GaitScanModel.Foot[] feet = GaitScanModel.generate(p, 5L, patient);
      String text = PedarAscWriter.write(feet, p.pedarHz, "V" + index);
      List<ParsedScan> scans = PedarAscParser.parse("V" + index + ".asc", new BufferedReader(new StringReader(text)));
      assertEquals(2, scans.size());
      double pitch = PedarLayout.pitchMm(PedarAscWriter.sizeLetter(feet[0].lengthMm) + "-0000l-0000r");
      for (int side = 0; side < 2; side++) {
        GaitScanModel.Foot foot = feet[side];
        ParsedScan scan = scans.get(side);
        assertEquals(SimulationRows.SIDES[side], scan.side());
        assertEquals(PedarLayout.ROWS, scan.rows());
        assertEquals(PedarLayout.COLS, scan.cols());
        assertEquals(pitch, scan.rowSpacingMm(), 1e-9);
        // pressure: each sensor's maximum over the recording is the simulated peak of the cell it reads,
        // up to the 2.5 kPa quantisation and the frame sampling of the loading bump
        for (int s = 1; s <= PedarLayout.SENSORS; s++) {
          double[] c = PedarAscWriter.sensorCentre(foot, s);
          int cell = (int) Math.floor(c[1] / foot.cellMm) * foot.cols + (int) Math.floor(c[0] / foot.cellMm);
          double expected = 0;
          for (GaitScanModel.Step step : foot.steps) {
            float v = step.peakKpa[cell];
            expected = Math.max(expected, Float.isNaN(v) ? 0 : v);
          }
          double imported = 0;
          for (float[] frame : scan.frames()) {
            imported = Math.max(imported, frame[PedarLayout.cellOf(s)]);
          }
          assertEquals(expected, imported, 2.5 + 0.01 * expected, "patient " + index + " side " + side + " sensor " + s);
        }
        // geometry: the same steps (contact by the importer's default force threshold), heel strike to toe-off
        List<StepSegmentation.Step> steps = StepSegmentation.segment(scan, 30, 0.1, false);
        assertEquals(foot.steps.length, steps.size(), "patient " + index + " side " + side);
        for (int k = 0; k < steps.size(); k++) {
          assertEquals(foot.steps[k].startS, steps.get(k).startS(), 0.05, "step start");
          assertEquals(foot.steps[k].endS, steps.get(k).endS(), 0.05, "step end");
          float[] y = steps.get(k).copYMm();
          assertTrue(y[y.length - 1] - y[0] > 0.5 * PedarLayout.ROWS * pitch, "CoP runs heel to toe");
        }
      }
    }
  }

  @Test
  void importScansStageQuarantinesNoSimulatedExport(@TempDir Path dir) {
    Map<String, Object> overrides = Map.of("gait.simulate.seed", 11, "gait.simulate.vendor-share", 1.0);
    Config config = ConfigFactory.parseMap(overrides).withFallback(Settings.defaults()).resolve();
    String out = dir.resolve("sim").toUri().toString();
    SimulateStage.run(SparkTestSession.get(), config, 8, out);
    ImportScansStage.Summary s = ImportScansStage.run(SparkTestSession.get(), config, out + "/scans", out + "/scans/manifest.csv",
        dir.resolve("imported").toUri().toString(), dir.resolve("quarantine").toUri().toString());
    assertTrue(s.filesListed() >= 8, "pedar (one file) and F-Scan (two files) exports of 8 patients: " + s);
    assertEquals(0, s.filesQuarantined(), s.toString());
    assertEquals(s.filesListed(), s.filesImported());
    assertEquals(16, s.scanRows());
  }
}
