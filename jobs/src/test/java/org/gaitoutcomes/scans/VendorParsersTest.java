package org.gaitoutcomes.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gaitoutcomes.features.FootprintIndices;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Test;

/** The three real exports in ../shared/fixtures/pressure (skipped with a message when absent). */
class VendorParsersTest {
  static List<ParsedScan> parse(String device, Path file, String side) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return ScanFormat.parse(device, file.getFileName().toString(), in, side);
    }
  }

  static int nanCells(float[] frame) {
    int n = 0;
    for (float v : frame) {
      n += Float.isNaN(v) ? 1 : 0;
    }
    return n;
  }

  /** Cells loaded (above 0 kPa) in at least one frame. */
  static int activeCells(ParsedScan s) {
    float[] max = Grids.maxPicture(s.frames(), s.rows() * s.cols());
    int n = 0;
    for (float v : max) {
      n += v > 0 ? 1 : 0;
    }
    return n;
  }

  static double maxForce(ParsedScan s) {
    return s.frames().stream().mapToDouble(f -> StepSegmentation.force(f, s.cellAreaMm2())).max().orElse(0);
  }

  /** Heel contact first: the CoP of every step moves forward (toward higher rows) from start to end. */
  static void assertCopRunsHeelToToe(List<StepSegmentation.Step> steps, ParsedScan s) {
    for (StepSegmentation.Step st : steps) {
      float[] y = st.copYMm();
      assertTrue(y[y.length - 1] > y[0] + 0.3 * s.rows() * s.rowSpacingMm(), "CoP from " + y[0] + " to " + y[y.length - 1] + " mm");
      for (float x : st.copXMm()) {
        assertTrue(x >= 0 && x <= s.cols() * s.colSpacingMm(), "CoP x " + x);
      }
    }
  }

  static double archIndex(StepSegmentation.Step st, ParsedScan s) {
    return FootprintIndices.compute(new FootprintIndices.Grid(st.peakKpa(), s.rows(), s.cols(), s.rowSpacingMm(), s.colSpacingMm()),
        st.ptiKpaS(), 5.0, FootprintIndices.DEFAULT_TOE_LINE_FRACTION).archIndex();
  }

  @Test
  void pedarGivesBothInsolesOnTheDocumentedGrid() throws IOException {
    List<ParsedScan> scans = parse("pedar", RepoPaths.sharedFixture("pressure/pedar_example.asc"), null);
    assertEquals(2, scans.size());
    assertEquals("L", scans.get(0).side());
    assertEquals("R", scans.get(1).side());
    for (ParsedScan s : scans) {
      assertEquals("pedar", s.device());
      assertEquals(1505, s.frames().size()); // 15.05 s at 100 Hz
      assertEquals(100.0, s.samplingHz(), 1e-9);
      assertEquals(15, s.rows());
      assertEquals(7, s.cols());
      assertEquals(Math.sqrt(193.06), s.rowSpacingMm(), 1e-9); // insole size y (pressuRe sensor areas)
      assertEquals(15 * 7 - 99, nanCells(s.frames().get(0)));
      double f = maxForce(s);
      assertTrue(f > 400 && f < 2500, "peak force " + f + " N");
      List<StepSegmentation.Step> steps = StepSegmentation.segment(s, 30, 0.1, false);
      assertTrue(steps.size() >= 5 && steps.size() <= 20, steps.size() + " steps");
      for (StepSegmentation.Step st : steps) {
        assertTrue(st.stanceS() > 0.3 && st.stanceS() < 1.5, "stance " + st.stanceS());
      }
      double ai = archIndex(steps.get(steps.size() / 2), s);
      assertTrue(ai > 0.15 && ai < 0.40, "arch index " + ai);
    }
    // First frame, sensor 1 of the left insole (file value 32.5 kPa) sits at grid row 0, column 1.
    assertEquals(32.5f, scans.get(0).frames().get(0)[PedarLayout.cellOf(1)]);
    assertEquals(1, PedarLayout.cellOf(1));
    assertEquals(14 * 7 + 4, PedarLayout.cellOf(99));
  }

  @Test
  void fscanKeepsGeometryAndMasksOutsideCells() throws IOException {
    Path file = RepoPaths.sharedFixture("pressure/fscan_testL.asf");
    ParsedScan s = parse("fscan", file, "L").get(0);
    assertEquals(205, s.frames().size());
    assertEquals(60, s.rows());
    assertEquals(21, s.cols());
    assertEquals(5.08, s.rowSpacingMm(), 1e-9);
    assertEquals(5.08, s.colSpacingMm(), 1e-9);
    assertEquals(1 / 0.032, s.samplingHz(), 1e-9);
    long bInFile = Files.readAllLines(file, StandardCharsets.ISO_8859_1).subList(31, 91).stream()
        .flatMap(l -> Arrays.stream(l.split(","))).filter("B"::equals).count();
    assertEquals(bInFile, nanCells(s.frames().get(0)));
    // pressuRe's test expects 942 columns from load_tekscan on this file (tests/testthat/test_pressuRe.R): it
    // sizes them with length() of the which(max > 0, arr.ind = TRUE) index matrix, i.e. 2 x 471 active cells.
    assertEquals(942 / 2, activeCells(s));
    double f = maxForce(s);
    assertTrue(f > 700 && f < 1500, "peak force " + f + " N (75 kg walker)");
    List<StepSegmentation.Step> steps = StepSegmentation.segment(s, 30, 0.1, false);
    assertEquals(5, steps.size()); // six contacts, the first already under way at frame 1
    assertCopRunsHeelToToe(steps, s);
    double ai = archIndex(steps.get(2), s);
    assertTrue(ai > 0.15 && ai < 0.40, "arch index " + ai);
    // Left foot mirrored: the loaded lateral midfoot band lies on the high (lateral) columns.
    float[] peak = steps.get(2).peakKpa();
    int lateral = 0;
    int medial = 0;
    for (int r = 24; r < 33; r++) {
      for (int c = 0; c < 21; c++) {
        if (peak[r * 21 + c] > 0) {
          if (c >= 11) {
            lateral++;
          } else {
            medial++;
          }
        }
      }
    }
    assertTrue(lateral > medial, "midfoot contact lateral " + lateral + " vs medial " + medial);
  }

  @Test
  void emedIsOneLatin1ContactOnHalfCentimetreCells() throws IOException {
    ParsedScan s = parse("emed", RepoPaths.sharedFixture("pressure/emed_test.lst"), "R").get(0);
    assertEquals(106, s.frames().size());
    assertEquals(100.0, s.samplingHz(), 1e-9); // 10 ms per picture
    assertEquals(5.0, s.rowSpacingMm(), 1e-9);
    assertEquals(5.0, s.colSpacingMm(), 1e-9);
    assertEquals(83 - 30 + 1, s.rows()); // printed window: rows 30-83, columns 26-47
    assertEquals(47 - 26 + 1, s.cols());
    // pressuRe's load_emed on this file keeps 506 active sensors (tests/testthat/test_pressuRe.R).
    assertEquals(506, activeCells(s));
    // Picture 1 force as printed by the file: 39.63 N.
    assertEquals(39.63, StepSegmentation.force(s.frames().get(0), s.cellAreaMm2()), 0.01);
    List<StepSegmentation.Step> steps = StepSegmentation.segment(s, 30, 0.1, true);
    assertEquals(1, steps.size());
    assertCopRunsHeelToToe(steps, s);
    double ai = archIndex(steps.get(0), s);
    assertTrue(ai > 0.15 && ai < 0.35, "arch index " + ai);
  }

  /**
   * The emed fixture with its picture turned around (row and/or column numbers reversed, as when the subject
   * walks the other way or the print is mirrored) gives the same canonical frames: heel found from the
   * first contact, medial side from the unloaded arch.
   */
  @Test
  void emedOrientationDoesNotDependOnWalkingDirection() throws IOException {
    Path file = RepoPaths.sharedFixture("pressure/emed_test.lst");
    ParsedScan reference = parse("emed", file, "R").get(0);
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    for (boolean[] flip : new boolean[][] {{true, false}, {false, true}, {true, true}}) {
      StringBuilder turned = new StringBuilder();
      for (String line : lines) {
        String[] tok = line.split("\t", -1);
        if (flip[1] && line.startsWith("\t26\t")) {
          for (int i = 1; i < tok.length - 1; i++) {
            tok[i] = Integer.toString(26 + 47 - Integer.parseInt(tok[i]));
          }
        } else if (flip[0] && tok[0].matches("\\d+")) {
          tok[0] = Integer.toString(30 + 83 - Integer.parseInt(tok[0]));
        }
        turned.append(String.join("\t", tok)).append('\n');
      }
      ParsedScan s = ScanFormat.parse("emed", "turned.lst",
          new ByteArrayInputStream(turned.toString().getBytes(StandardCharsets.ISO_8859_1)), "R").get(0);
      assertEquals(reference.rows(), s.rows());
      for (int k = 0; k < reference.frames().size(); k++) {
        assertTrue(Arrays.equals(reference.frames().get(k), s.frames().get(k)), "picture " + (k + 1) + " flip " + Arrays.toString(flip));
      }
    }
  }

  @Test
  void truncatedExportsFailWithFileNameLineAndExpectation() throws IOException {
    for (String[] c : new String[][] {{"pedar", "pedar_example.asc"}, {"fscan", "fscan_testL.asf"}, {"emed", "emed_test.lst"}}) {
      byte[] all = Files.readAllBytes(RepoPaths.sharedFixture("pressure/" + c[1]));
      byte[] half = Arrays.copyOf(all, all.length / 2 + 7);
      ScanParseException e = assertThrows(ScanParseException.class,
          () -> ScanFormat.parse(c[0], "cut_" + c[1], new ByteArrayInputStream(half), "L"));
      assertTrue(e.getMessage().startsWith("cut_" + c[1] + ": line "), e.getMessage());
      assertTrue(e.getMessage().contains("expected"), e.getMessage());
      assertTrue(e.line() > 10, e.getMessage());
    }
  }

  @Test
  void emedCutAtAPageBoundaryIsCaught() throws IOException {
    // Keep the first 50 pictures (mid-stance) with their form feeds: every page is complete.
    String text = Files.readString(RepoPaths.sharedFixture("pressure/emed_test.lst"), StandardCharsets.ISO_8859_1);
    int cut = 0;
    for (int page = 0; page < 50; page++) {
      cut = text.indexOf("\f", cut) + 1;
    }
    byte[] half = text.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1);
    ScanParseException e = assertThrows(ScanParseException.class,
        () -> ScanFormat.parse("emed", "cut.lst", new ByteArrayInputStream(half), "R"));
    assertTrue(e.getMessage().contains("end after toe-off"), e.getMessage());
  }

  @Test
  void singleFootExportsNeedASide() {
    ScanParseException e = assertThrows(ScanParseException.class,
        () -> ScanFormat.parse("fscan", "x.asf", new ByteArrayInputStream(new byte[0]), null));
    assertTrue(e.getMessage().contains("side L or R"), e.getMessage());
  }
}
