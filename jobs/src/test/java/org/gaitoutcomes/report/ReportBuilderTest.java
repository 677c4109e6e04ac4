package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportBuilderTest {
  /** A diagnostics row as compare writes it: the adjustment's display name and its structured method and estimand (null: none). */
  private static Map<String, Object> diag(String adjustment, String method, String estimand) {
    Map<String, Object> d = new java.util.HashMap<>();
    d.put("check", "max_abs_smd");
    d.put("adjustment", adjustment);
    d.put("method", method);
    d.put("estimand", estimand);
    return d;
  }

  @Test
  void diagnosticsThatBearOnTheEstimand() {
    assertTrue(ReportBuilder.relevantTo(diag("design", null, null), "ATE"));
    assertTrue(ReportBuilder.relevantTo(diag("fitted_propensity", "propensity_model", null), "ATE"), "design-level checks under another name count");
    assertTrue(ReportBuilder.relevantTo(diag("iptw_ATE", "iptw", "ATE"), "ATE"));
    assertTrue(ReportBuilder.relevantTo(diag("iptw_ATE:dental_visits", "iptw", "ATE"), "ATE"), "a check on a column of the estimand's adjustment");
    assertFalse(ReportBuilder.relevantTo(diag("matching_ATT", "matching", "ATT"), "ATE"), "another estimand's adjustment");
    assertFalse(ReportBuilder.relevantTo(diag("unadjusted", "unadjusted", null), "ATE"), "imbalance before adjustment is expected");
    assertTrue(ReportBuilder.relevantTo(diag("matching_ATT", "matching", "ATT"), "ATT"));
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
