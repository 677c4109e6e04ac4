package org.gaitoutcomes.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Hand-made footprints on 10 mm cells; every expected number is worked out in the comments. */
class FootprintIndicesTest {
  static final int COLS = 4;

  /** Rows 0-2 all 4 columns (200 kPa), rows 3-5 columns {@code midFrom}-3 (50 kPa), rows 6-8 all (300 kPa). */
  static float[] print(int rows, int midFrom) {
    float[] g = new float[rows * COLS];
    for (int r = 0; r < 9; r++) {
      for (int c = 0; c < COLS; c++) {
        boolean mid = r >= 3 && r <= 5;
        if (!mid || c >= midFrom) {
          g[r * COLS + c] = r < 3 ? 200 : mid ? 50 : 300;
        }
      }
    }
    return g;
  }

  static FootprintIndices.Metrics metrics(float[] g, int rows, float[] pti) {
    return FootprintIndices.compute(new FootprintIndices.Grid(g, rows, COLS, 10, 10), pti, 5.0, 0.80);
  }

  @Test
  void rectangularFootprintWithSeparateToesGivesTheKnownArchIndex() {
    // Row 9 empty (sulcus), row 10 toes at columns 1-2 (150 kPa): a separate component in the front 40%.
    float[] g = print(11, 2);
    g[10 * COLS + 1] = 150;
    g[10 * COLS + 2] = 150;
    float[] pti = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      pti[i] = g[i] * 0.5f;
    }
    FootprintIndices.Metrics m = metrics(g, 11, pti);
    // Cavanagh & Rodgers 1987: toeless rows 0-8 span 0-90 mm along the heel-to-toe axis (heel centre
    // x=20 mm, toe centre x=20 mm), thirds at 30 and 60 mm: middle third = rows 3-5 = 3 x 2 = 6 cells of
    // 12 + 6 + 12 = 30 -> AI = 0.2 (high arch, <= 0.21).
    assertEquals(0.2, m.archIndex(), 1e-12);
    assertEquals("high", FootprintIndices.archCategory(m.archIndex()));
    assertEquals(110.0, m.footLengthMm(), 1e-12);
    // Regions by row centre / 11 rows: hindfoot rows 0-2 (< 0.27), midfoot rows 3-5 (< 0.55), forefoot 6-10.
    // Chippaux-Smirak (Banwell 2018): narrowest midfoot 20 mm / widest forefoot 40 mm x 100 = 50.
    assertEquals(50.0, m.chippauxSmirak(), 1e-12);
    // Staheli (Hernandez 2007): 20 mm / widest heel 40 mm = 0.5.
    assertEquals(0.5, m.staheli(), 1e-12);
    assertArrayEquals(new double[] {200, 50, 300}, m.regionPeakKpa(), 1e-6);
    assertArrayEquals(new double[] {100, 25, 150}, m.regionPtiKpaS(), 1e-6);
    // Contact area, 1 cm^2 cells: hindfoot 12, midfoot 6, forefoot 12 + 2 toe cells = 14.
    assertArrayEquals(new double[] {12, 6, 14}, m.regionAreaCm2(), 1e-9);
  }

  @Test
  void widerMidfootIsFlat() {
    float[] g = print(11, 1);
    g[10 * COLS + 1] = 150;
    g[10 * COLS + 2] = 150;
    // Middle third = rows 3-5 x 3 columns = 9 of 12 + 9 + 12 = 33 cells -> 0.2727 (flat, >= 0.26).
    double ai = metrics(g, 11, null).archIndex();
    assertEquals(9.0 / 33.0, ai, 1e-12);
    assertEquals("flat", FootprintIndices.archCategory(ai));
  }

  @Test
  void mergedToesFallBackToTheToeLine() {
    // Toes at row 9, columns 1-2, touching the forefoot: no separate component. Toe line at 0.80 of the
    // 10-row foot: rows whose centre (r + 0.5) / 10 > 0.8 are toes -> rows 8 and 9 (6 cells, centre x 20 mm).
    // Toeless rows 0-7 span 0-80 mm, thirds at 26.67 and 53.33 mm: middle = rows 3 and 4 (y = 35, 45 mm)
    // = 4 cells of 12 + 6 + 8 = 26 -> AI = 4 / 26.
    float[] g = print(10, 2);
    g[9 * COLS + 1] = 150;
    g[9 * COLS + 2] = 150;
    assertEquals(4.0 / 26.0, metrics(g, 10, null).archIndex(), 1e-12);
  }

  @Test
  void archCategoriesAtTheirBoundaries() {
    assertEquals("high", FootprintIndices.archCategory(0.21));
    assertEquals("normal", FootprintIndices.archCategory(0.2101));
    assertEquals("normal", FootprintIndices.archCategory(0.2599));
    assertEquals("flat", FootprintIndices.archCategory(0.26));
    assertNull(FootprintIndices.archCategory(Double.NaN));
  }

  @Test
  void cpeiOfAHandMadePath() {
    // 10 x 5 grid of 10 mm cells, all in contact: foot 0-100 mm, level 2/3 x 100 = 66.67 mm, width 50 mm.
    // Path (25,5) (30,50) (32,80) (20,95). Construction line (25,5)->(20,95) at y=66.67: x = 25 - 5 x 61.67/90
    // = 21.574. Path crosses between (30,50) and (32,80): x = 30 + 2 x 16.67/30 = 31.111. CPEE = 9.537 mm
    // (lateral) -> CPEI = 9.537 / 50 x 100 = 19.074 (Song 1996).
    float[] g = new float[50];
    java.util.Arrays.fill(g, 100);
    double cpei = CopIndices.cpei(new float[] {25, 30, 32, 20}, new float[] {5, 50, 80, 95},
        new FootprintIndices.Grid(g, 10, 5, 10, 10), 5.0);
    assertEquals((30 + 2 * (200.0 / 3 - 50) / 30 - (25 - 5 * (200.0 / 3 - 5) / 90)) / 50 * 100, cpei, 1e-4);
    assertEquals(19.074, cpei, 1e-3);
    // A path medial of the line gives a negative (more pronated) CPEI.
    double medial = CopIndices.cpei(new float[] {25, 20, 18, 20}, new float[] {5, 50, 80, 95},
        new FootprintIndices.Grid(g, 10, 5, 10, 10), 5.0);
    assertEquals(true, medial < 0);
  }
}
