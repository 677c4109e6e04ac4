package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 6 (report part): a study too small for any adjusted method still gets a report, with
 * its (suppressed) counts and the reason nothing was estimated, and a report of partial results says
 * what is missing. Results as compare writes them when it gives up: attrition from the cohort stage,
 * an empty estimates table, and diagnostics naming what failed (their free text may carry counts).
 */
class ReportTooSmallStudyTest {
  private static final String ATTRITION = "[{\"step\": 0, \"rule\": \"all\", \"description\": \"All patients\", \"n_remaining\": 40,"
      + " \"n_excluded\": 0, \"n_treated\": 31, \"n_control\": 9},"
      + " {\"step\": 1, \"rule\": \"adult\", \"description\": \"Age 18 or over\", \"n_remaining\": 37, \"n_excluded\": 3, \"n_treated\": 29, \"n_control\": 8}]";
  private static final String DIAGNOSTICS = "[{\"check\": \"excluded_rows\", \"adjustment\": \"design\", \"value\": 2.0, \"threshold\": \"informational\","
      + " \"pass\": null, \"meaning\": \"Rows left out because the treatment or a covariate is missing (per column: {bmi=2, age_years=0}); estimates apply to the rest.\"},"
      + " {\"check\": \"nuisance_model\", \"adjustment\": \"observation_model:nrs_change_d84\", \"value\": null, \"threshold\": \"converges\", \"pass\": false,"
      + " \"meaning\": \"The observation model of nrs_change_d84 did not converge (separation by site: 4 of 8 comparator patients without the outcome); no adjusted estimate.\"}]";

  @Test
  void emptyEstimatesStillGiveAReportWithCountsAndTheReason(@TempDir Path tmp) throws IOException {
    Path results = tmp.resolve("results");
    Files.createDirectories(results);
    Files.writeString(results.resolve("attrition.json"), ATTRITION);
    Files.writeString(results.resolve("estimates.json"), "[]");
    Files.writeString(results.resolve("diagnostics.json"), DIAGNOSTICS);
    Path html = tmp.resolve("report/report.html");
    ReportSummary summary = ReportTestSupport.render(results, html);
    String page = Files.readString(html);
    assertTrue(page.contains("No effect could be estimated from these data, so there is no main finding to state. What could not be estimated, and why:"
        + " nuisance_model (observation_model:nrs_change_d84): The observation model of nrs_change_d84 did not converge (separation by site: &lt;11 of &lt;11"
        + " comparator patients without the outcome); no adjusted estimate. The counts of who was included are below."), page);
    assertTrue(page.contains("The estimates table is empty: no effect estimates can be shown. What could not be estimated, and why:"));
    // The counts are there, suppressed: 9 and 8 comparator patients are small, 3 excluded too; the final cohort stays visible.
    String attrition = Files.readString(tmp.resolve("report/exports/attrition.csv"));
    assertEquals("step,rule,description,excluded,remaining,custom_orthotics,otc_insoles\n"
        + "0,all,All patients,0,hidden,hidden,<11\n"
        + "1,adult,Age 18 or over,<11,37,hidden,<11\n", attrition);
    String diagnostics = Files.readString(tmp.resolve("report/exports/diagnostics.csv"));
    assertTrue(diagnostics.contains("(per column: {bmi=<11, age_years=0})"), diagnostics);
    assertFalse(diagnostics.contains("4 of 8"), "counts in the free text are suppressed like cells");
    assertTrue(summary.smallCells() > 0);
  }

  @Test
  void resultsWithoutEstimatesOrDiagnosticsStillRender(@TempDir Path tmp) throws IOException {
    Path results = tmp.resolve("results");
    Files.createDirectories(results);
    Files.writeString(results.resolve("attrition.json"), ATTRITION);
    Path html = tmp.resolve("report/report.html");
    ReportSummary summary = ReportTestSupport.render(results, html);
    String page = Files.readString(html);
    assertTrue(page.contains("The estimates table is missing, so there is no main finding to state."));
    assertTrue(page.contains("Not in the results folder, so not reported: balance, curves, estimates, diagnostics, subgroups, effect_modifiers."));
    assertEquals(1, summary.figures(), "the attrition flow only");
  }
}
