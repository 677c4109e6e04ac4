package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PlainLanguageTest {
  private static final String PREFIX = "In this observational comparison, after adjusting for measured baseline differences";

  private static PlainLanguage.Primary nrs(double est, double lo, double hi, List<String> failed) {
    return new PlainLanguage.Primary("nrs_change_d84", "ATE", est, lo, hi, 1.5, failed, null, "custom orthotics", "over-the-counter insoles");
  }

  @Test
  void intervalIncludingZeroSaysTheDataCannotTell() {
    assertEquals(PREFIX + ", pain (0-10 scale) at 12 weeks (day 84) improved on average 0.6 points more with custom orthotics"
        + " than with over-the-counter insoles (95% CI: 0.1 points less to 1.3 points more); the interval includes no difference,"
        + " so these data cannot tell whether either device is better.",
        PlainLanguage.sentence(nrs(-0.6, -1.3, 0.1, List.of())));
  }

  @Test
  void smallButNonZeroDifferenceIsSaidToBeBelowTheImportantChange() {
    String s = PlainLanguage.sentence(nrs(-0.7, -1.1, -0.3, List.of()));
    assertTrue(s.contains("improved on average 0.7 points more with custom orthotics"), s);
    assertTrue(s.contains("(95% CI: 0.3 points more to 1.1 points more)"), s);
    assertTrue(s.endsWith("the difference is unlikely to be zero but is smaller than the 1.5-point change patients notice as important."), s);
  }

  @Test
  void intervalStraddlingTheImportantChangeSaysMayOrMayNot() {
    String s = PlainLanguage.sentence(nrs(-1.6, -2.4, -0.8, List.of()));
    assertTrue(s.endsWith("it may or may not reach the 1.5-point change patients notice as important."), s);
  }

  @Test
  void wholeIntervalBeyondTheImportantChange() {
    String s = PlainLanguage.sentence(nrs(-2.5, -3.1, -1.9, List.of()));
    assertTrue(s.endsWith("the whole interval is at least the 1.5-point change patients notice as important."), s);
  }

  @Test
  void comparatorBetterIsSaidAsLessImprovement() {
    String s = PlainLanguage.sentence(nrs(0.8, 0.2, 1.4, List.of()));
    assertTrue(s.contains("improved on average 0.8 points less with custom orthotics"), s);
    assertTrue(s.contains("(95% CI: 1.4 points less to 0.2 points less)"), s);
  }

  @Test
  void failedDiagnosticsMakeItUnreliable() {
    String s = PlainLanguage.sentence(nrs(-0.7, -1.1, -0.3, List.of("max_abs_smd (iptw_ATE)", "equipoise")));
    assertTrue(s.endsWith("; however, 2 design checks failed (max_abs_smd (iptw_ATE), equipoise), so this estimate may be unreliable."), s);
    assertTrue(PlainLanguage.sentence(nrs(-0.7, -1.1, -0.3, List.of("equipoise"))).contains("a design check failed (equipoise)"));
  }

  @Test
  void estimandNamesItsPopulation() {
    PlainLanguage.Primary att = new PlainLanguage.Primary("odi_change_d42", "ATT", -3.0, -6.0, 0.5, 10.0, List.of(), null, "custom", "OTC");
    String s = PlainLanguage.sentence(att);
    assertTrue(s.startsWith(PREFIX + " and among patients like those who received custom devices, disability (Oswestry, 0-100) at 6 weeks (day 42)"), s);
  }

  @Test
  void withheldAndMissingEstimatesSayNothingNumeric() {
    PlainLanguage.Primary w = new PlainLanguage.Primary("nrs_change_d84", "ATE", -0.6, -1.3, 0.1, 1.5, List.of(), "fewer than 11 patients in an arm", "a", "b");
    assertEquals("The primary result is not shown: fewer than 11 patients in an arm.", PlainLanguage.sentence(w));
    PlainLanguage.Primary missing = new PlainLanguage.Primary("nrs_change_d84", "ATE", null, null, null, 1.5, List.of(), null, "a", "b");
    assertFalse(PlainLanguage.sentence(missing).matches(".*\\d.*"));
  }

  @Test
  void responderRiskDifferenceInPercentagePoints() {
    PlainLanguage.Primary r = new PlainLanguage.Primary("responder_d84", "ATE", 0.062, 0.011, 0.113, null, List.of(), null, "custom orthotics", "OTC insoles");
    String s = PlainLanguage.sentence(r);
    assertTrue(s.contains("was 6.2 percentage points higher with custom orthotics than with OTC insoles (95% CI: 1.1 percentage points higher to 11.3 percentage points higher)"), s);
  }

  @Test
  void neverUsesCausalWords() {
    double[][] cases = {{-0.6, -1.3, 0.1}, {-0.7, -1.1, -0.3}, {-2.5, -3.1, -1.9}, {0.8, 0.2, 1.4}, {0, -0.4, 0.4}};
    for (double[] c : cases) {
      String s = PlainLanguage.sentence(nrs(c[0], c[1], c[2], List.of("equipoise"))).toLowerCase(Locale.ROOT);
      for (String word : List.of("cause", "because of", "led to", "reduces", "effect of", "proves", "prevents", "works")) {
        assertFalse(s.contains(word), "causal wording '" + word + "' in: " + s);
      }
      assertTrue(s.contains("95% ci"), s);
    }
  }
}
