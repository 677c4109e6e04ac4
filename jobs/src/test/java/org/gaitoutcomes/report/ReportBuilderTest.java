package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
  private static Map<String, Object> diag(String adjustment) {
    return Map.of("check", "max_abs_smd", "adjustment", adjustment);
  }

  @Test
  void diagnosticsThatBearOnTheEstimand() {
    assertTrue(ReportBuilder.relevantTo(diag("design"), "ATE"));
    assertTrue(ReportBuilder.relevantTo(diag("fitted_propensity"), "ATE"), "design-level checks under another name count");
    assertTrue(ReportBuilder.relevantTo(diag("iptw_ATE"), "ATE"));
    assertTrue(ReportBuilder.relevantTo(diag("iptw_ATE:dental_visits"), "ATE"), "a check on a column of the estimand's adjustment");
    assertFalse(ReportBuilder.relevantTo(diag("matching_ATT"), "ATE"), "another estimand's adjustment");
    assertFalse(ReportBuilder.relevantTo(diag("unadjusted"), "ATE"), "imbalance before adjustment is expected");
    assertTrue(ReportBuilder.relevantTo(diag("matching_ATT"), "ATT"));
  }

  @Test
  void labels() {
    assertEquals("change in pain (0-10 scale) at 12 weeks (day 84)", Labels.outcomeLabel("nrs_change_d84"));
    assertEquals("change in disability (Oswestry, 0-100) at day 10", Labels.outcomeLabel("odi_change_d10"));
    assertEquals("responder at 26 weeks (day 182)", Labels.outcomeLabel("responder_d182"));
    assertEquals("time to response", Labels.outcomeLabel("time_to_response"));
    assertEquals("doubly robust (AIPW, linear)", Labels.methodLabel("aipw_linear"));
    assertEquals("Patients left out (missing data)", Labels.checkLabel("excluded_rows"));
  }
}
