package org.gaitoutcomes.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ExamMeasuresTest {
  @Test
  void navicularDropIsSeatedMinusStanding() {
    // Brody 1982: 45.0 - 38.5 = 6.5 mm.
    assertEquals(6.5, ExamMeasures.navicularDrop(45.0, 38.5), 1e-12);
    assertNull(ExamMeasures.navicularDrop(45.0, null));
  }

  @Test
  void fpiTotalAndRedmondCategories() {
    // Redmond 2006: 1 + 2 + 1 + 1 + 2 + 1 = 8 -> pronated.
    assertEquals(8, ExamMeasures.fpiTotal(1, 2, 1, 1, 2, 1));
    assertNull(ExamMeasures.fpiTotal(1, 2, null, 1, 2, 1));
    assertEquals("highly_supinated", ExamMeasures.fpiCategory(-12));
    assertEquals("highly_supinated", ExamMeasures.fpiCategory(-5));
    assertEquals("supinated", ExamMeasures.fpiCategory(-4));
    assertEquals("supinated", ExamMeasures.fpiCategory(-1));
    assertEquals("neutral", ExamMeasures.fpiCategory(0));
    assertEquals("neutral", ExamMeasures.fpiCategory(5));
    assertEquals("pronated", ExamMeasures.fpiCategory(6));
    assertEquals("pronated", ExamMeasures.fpiCategory(9));
    assertEquals("highly_pronated", ExamMeasures.fpiCategory(10));
    assertNull(ExamMeasures.fpiCategory(null));
  }

  @Test
  void rcspCategories() {
    // JFAR 2014 7(S1):A55: <= -2 pronator, >= 3 supinator.
    assertEquals("pronator", ExamMeasures.rcspCategory(-2.0));
    assertEquals("neutral", ExamMeasures.rcspCategory(-1.9));
    assertEquals("neutral", ExamMeasures.rcspCategory(2.9));
    assertEquals("supinator", ExamMeasures.rcspCategory(3.0));
  }

  @Test
  void legLengthDiscrepancyIsLeftMinusRightWithCategories() {
    assertEquals(7.0, ExamMeasures.legLengthDiscrepancy(812.0, 805.0), 1e-12);
    assertEquals(-4.5, ExamMeasures.legLengthDiscrepancy(800.5, 805.0), 1e-12);
    assertEquals("under_6", ExamMeasures.lldCategory(-5.9));
    assertEquals("6_to_10", ExamMeasures.lldCategory(6.0));
    assertEquals("6_to_10", ExamMeasures.lldCategory(-10.9));
    assertEquals("11_plus", ExamMeasures.lldCategory(-11.0));
    assertNull(ExamMeasures.lldCategory(null));
  }
}
