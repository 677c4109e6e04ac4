package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pedar and F-Scan writers reproduce the layout of the real exports in ../shared/fixtures/pressure
 * (compared structurally, line by line, with those files) and round-trip: header keys, frame count,
 * sensor count, and the peak over frames close to the step model's peak picture.
 */
class VendorWritersTest {
  static SimulationParams params;
  static SimulatedPatient patient;
  static GaitScanModel.Foot[] feet;

  @BeforeAll
  static void simulate() {
    params = SimulationParams.from(Settings.defaults());
    patient = PatientGenerator.generate(params, 21L, 17);
    feet = GaitScanModel.generate(params, 21L, patient);
  }

  static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }

  /** The label of a pedar header field: the text up to its first ':', else its first word (date/time). */
  static String pedarLabel(String field) {
    int colon = field.indexOf(':');
    return colon >= 0 ? field.substring(0, colon + 1) : field.trim().split(" ", 2)[0];
  }

  @Test
  void pedarMatchesTheRealLayoutAndRoundTrips() throws Exception {
    String text = PedarAscWriter.write(feet, 100, "V00000017");
    List<String> sim = lines(text);
    List<String> real = lines(Files.readString(RepoPaths.sharedFixture("pressure/pedar_example.asc"), StandardCharsets.ISO_8859_1));
    // the same nine header lines (labels and tab-separated fields), then the column header line
    for (int i = 0; i < 10; i++) {
      String[] a = real.get(i).split("\t", -1);
      String[] b = sim.get(i).split("\t", -1);
      assertEquals(a.length, b.length, "fields of header line " + (i + 1));
      for (int f = 0; f < a.length; f++) {
        assertEquals(pedarLabel(a[f]), pedarLabel(b[f]), "header line " + (i + 1) + " field " + (f + 1));
      }
    }
    assertEquals(real.get(2), sim.get(2).replaceAll("total time \\[secs\\]:  [0-9.]+", "total time [secs]:  15.050"),
        "timing line has the same formats");
    assertEquals(real.get(6), sim.get(6));
    assertEquals(real.get(7), sim.get(7));
    assertEquals(real.get(9), sim.get(9), "column header: time then sensors 1..99 left and 1..99 right");
    // no identifying content: no path separators, no date
    assertTrue(!sim.get(0).contains("/") || sim.get(0).indexOf('/') == sim.get(0).indexOf("date/time") + 4);
    assertTrue(!sim.get(0).matches(".*\\d{2}\\.\\d{2}\\.\\d{2}.*"));
    // frames: n = total time / time per frame, each with the time and 198 values in the real number formats
    double total = Double.parseDouble(sim.get(2).split("\t")[0].replace("total time [secs]:", "").trim());
    int frames = sim.size() - 10;
    assertEquals(Math.round(total * 100), frames);
    assertTrue(!text.endsWith("\n"), "like the real file, no newline after the last frame");
    float[] maxLeft = new float[PedarAscWriter.SENSORS];
    for (int k = 0; k < frames; k++) {
      String line = sim.get(10 + k);
      String[] f = line.split("\t", -1);
      assertEquals(2 + 2 * PedarAscWriter.SENSORS, f.length, "time, 198 values, trailing tab");
      assertTrue(f[0].matches(" *\\d+\\.\\d{5}") && f[0].length() == 12, f[0]);
      assertEquals((k + 1) * 0.01, Double.parseDouble(f[0]), 1e-9);
      for (int s = 1; s <= 2 * PedarAscWriter.SENSORS; s++) {
        assertTrue(f[s].length() == 7 && f[s].matches(" *\\d+\\.\\d{3}"), f[s]);
        if (s <= PedarAscWriter.SENSORS) {
          maxLeft[s - 1] = Math.max(maxLeft[s - 1], Float.parseFloat(f[s]));
        }
      }
    }
    // heel sensors (1-20) load hard, and the peak over frames stays within the step model's range
    float heel = 0;
    for (int s = 0; s < 20; s++) {
      heel = Math.max(heel, maxLeft[s]);
    }
    assertTrue(heel > 100 && heel < 600, "heel peak " + heel);
  }

  @Test
  void pedarSensorLayoutCoversTheFootHeelToToe() {
    GaitScanModel.Foot left = feet[SimulatedPatient.LEFT];
    double[] first = PedarAscWriter.sensorCentre(left, 1);
    double[] last = PedarAscWriter.sensorCentre(left, 99);
    assertTrue(first[1] < 0.1 * left.lengthMm && last[1] > 0.9 * left.lengthMm);
    for (int s = 1; s <= 99; s++) {
      double[] c = PedarAscWriter.sensorCentre(left, s);
      assertTrue(left.inOutline(c[0], c[1]), "sensor " + s + " lies on the insole");
    }
    // sensor 6 (grid row 1, medial column) is medial of and behind sensor 12 (row 1, lateral column)
    assertTrue(PedarAscWriter.sensorCentre(left, 6)[0] < PedarAscWriter.sensorCentre(left, 12)[0]);
    assertEquals(PedarAscWriter.sensorCentre(left, 6)[1], PedarAscWriter.sensorCentre(left, 12)[1], 1e-9);
    // size letters by foot length, as the importer reads them
    assertEquals('u', PedarAscWriter.sizeLetter(220));
    assertEquals('w', PedarAscWriter.sizeLetter(252));
    assertEquals('z', PedarAscWriter.sizeLetter(300));
  }

  @Test
  void fscanMatchesTheRealLayoutAndRoundTrips() throws Exception {
    String text = FscanAsfWriter.write(feet[SimulatedPatient.LEFT], 0.02, "V00000017");
    List<String> sim = lines(text);
    List<String> real = lines(Files.readString(RepoPaths.sharedFixture("pressure/fscan_testL.asf"), StandardCharsets.ISO_8859_1));
    // the same header keys in the same order, up to ASCII_DATA and the empty line
    assertEquals(headerKeys(real), headerKeys(sim));
    assertEquals("", sim.get(sim.indexOf("ASCII_DATA @@") + 1), "an empty line after ASCII_DATA as in the real file");
    for (String key : List.of("ROWS 60", "COLS 21", "ROW_SPACING 5.08 mm", "COL_SPACING 5.08 mm", "UNITS KPa", "SENSOR_TYPE FSCAN")) {
      assertTrue(sim.contains(key), key);
    }
    assertTrue(sim.contains("SECONDS_PER_FRAME 0.02"));
    assertTrue(sim.stream().noneMatch(l -> l.contains("\\") || l.contains(":\\")), "no folder paths");
    int endFrame = Integer.parseInt(sim.stream().filter(l -> l.startsWith("END_FRAME ")).findFirst().orElseThrow().substring(10));
    // frames: "Frame k", 60 rows of 21 cells, an empty line between frames, "@@" after the last
    int frames = 0;
    String bPattern = null;
    float heelMax = 0;
    int i = sim.indexOf("ASCII_DATA @@") + 2;
    while (sim.get(i).startsWith("Frame ")) {
      frames++;
      assertEquals("Frame " + frames, sim.get(i));
      StringBuilder pattern = new StringBuilder();
      for (int r = 0; r < FscanAsfWriter.ROWS; r++) {
        String[] cells = sim.get(i + 1 + r).split(",", -1);
        assertEquals(FscanAsfWriter.COLS, cells.length);
        for (String c : cells) {
          assertTrue(c.equals("B") || c.matches("\\d+"), c);
          pattern.append(c.equals("B") ? 'B' : '.');
          if (r >= 45 && !c.equals("B")) {
            heelMax = Math.max(heelMax, Float.parseFloat(c));
          }
        }
      }
      if (bPattern == null) {
        bPattern = pattern.toString();
      }
      assertEquals(bPattern, pattern.toString(), "the insole outline is the same in every frame");
      i += 1 + FscanAsfWriter.ROWS;
      if (sim.get(i).isEmpty() && i + 1 < sim.size() && sim.get(i + 1).startsWith("Frame ")) {
        i++;
      }
    }
    assertEquals("@@", sim.get(i));
    assertEquals("", sim.get(i + 1), "file ends with a newline after @@ as the real one");
    assertEquals(endFrame, frames);
    assertEquals(Math.ceil(feet[0].recordingEndS() / 0.02), frames, 0.0);
    assertTrue(heelMax > 100, "the heel (last rows, as in the real file) is loaded: " + heelMax);
    // real file structure check of the same parser logic: its frame count equals its END_FRAME
    assertEquals(205, real.stream().filter(l -> l.startsWith("Frame ")).count());
  }

  @Test
  void fscanOrientationPutsTheMedialBorderAtHighColumnsOnTheLeftFoot() {
    // medial is x = 0 in the canonical frame; on a left foot that is the last column (viewed from above)
    double[] leftMedial = FscanAsfWriter.senselCentre(SimulatedPatient.LEFT, 30, FscanAsfWriter.COLS - 1);
    double[] rightMedial = FscanAsfWriter.senselCentre(SimulatedPatient.RIGHT, 30, 0);
    assertEquals(leftMedial[0], rightMedial[0], 1e-9);
    assertTrue(leftMedial[0] < 5.1);
    // row 0 is the toe end, the last row the heel
    assertTrue(FscanAsfWriter.senselCentre(SimulatedPatient.LEFT, 0, 0)[1] > FscanAsfWriter.senselCentre(SimulatedPatient.LEFT, 59, 0)[1]);
  }

  @Test
  void fixedFormatMatchesStringFormat() {
    for (double v : new double[] {0, 2.5, 32.5, 100, 437.5, 0.01, 15.05, 1234.56789}) {
      assertEquals(String.format(java.util.Locale.ROOT, "%7.3f", v), PedarAscWriter.fixed(new StringBuilder(), v, 7, 3).toString());
      assertEquals(String.format(java.util.Locale.ROOT, "%12.5f", v), PedarAscWriter.fixed(new StringBuilder(), v, 12, 5).toString());
    }
  }

  /** The first word of each header line up to the empty line; the free-text line after COMMENTS: counts as one. */
  static List<String> headerKeys(List<String> lines) {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < lines.size() && !lines.get(i).isEmpty(); i++) {
      boolean comment = i > 0 && lines.get(i - 1).equals("COMMENTS:");
      keys.add(comment ? "(comment)" : lines.get(i).split(" ", 2)[0]);
    }
    return keys;
  }
}
