package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gaitoutcomes.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report on a fixed synthetic study: golden HTML (volatile fields and figure geometry masked),
 * self-containment, exports, privacy and tolerance of absent tables.
 *
 * <p>Regenerate the golden file after an intended change, then review its diff:
 * {@code GAIT_UPDATE_GOLDEN=true mvn -B -o test -Dtest=ReportStageTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (or {@code -Dgait.report.updateGolden=true}, which surefire passes on to the test JVM). On a
 * mismatch the masked actual page is written to {@code jobs/target/report-golden-actual.html}.
 */
class ReportStageTest {
  @TempDir
  static Path out;

  private static Path html;
  private static String page;
  private static ReportSummary summary;

  @BeforeAll
  static void renderStudy() throws IOException {
    html = out.resolve("report/report.html");
    summary = ReportTestSupport.render(ReportTestSupport.studyResults(), html);
    page = Files.readString(html);
  }

  @Test
  void matchesTheGoldenReport() throws IOException {
    String actual = ReportTestSupport.masked(page);
    Path golden = ReportTestSupport.golden();
    if (Boolean.parseBoolean(System.getProperty("gait.report.updateGolden", System.getenv().getOrDefault("GAIT_UPDATE_GOLDEN", "false")))) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "golden file missing: run with GAIT_UPDATE_GOLDEN=true to create it");
    String expected = Files.readString(golden);
    if (!expected.equals(actual)) {
      Path diff = ReportTestSupport.target().resolve("report-golden-actual.html");
      Files.createDirectories(diff.getParent());
      Files.writeString(diff, actual);
      assertEquals(expected, actual, "report differs from the golden file; actual written to " + diff);
    }
  }

  @Test
  void isSelfContained() {
    String lower = page.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("http"), "no URL of any kind");
    assertFalse(lower.contains("<script"), "no scripts");
    assertFalse(lower.contains("src="), "no external resources");
    assertFalse(lower.contains("@import"), "no imported stylesheets");
    assertFalse(lower.contains("<link"), "no linked stylesheets or fonts");
    assertFalse(lower.contains("@font-face"), "no web fonts");
    Matcher url = Pattern.compile("url\\(\\s*['\"]?([^)'\"]*)").matcher(lower);
    while (url.find()) {
      assertTrue(url.group(1).startsWith("#"), "url() may only point inside the page: " + url.group(0));
    }
    assertTrue(page.startsWith("<!DOCTYPE html>"));
    assertTrue(page.contains("<style>"));
  }

  @Test
  void hasEverySectionAndTheMainFinding() {
    for (String h : List.of("Study summary", "Who was included", "Baseline characteristics and balance", "Propensity scores, overlap and equipoise",
        "Results: primary and secondary outcomes", "Pain and disability over follow-up", "Time to response", "Who benefits", "Design diagnostics",
        "Sensitivity analyses", "Provenance")) {
      assertTrue(page.contains(". " + h + "</h2>"), "section " + h);
    }
    assertTrue(page.contains("In this observational comparison, after adjusting for measured baseline differences, pain (0-10 scale) at 12 weeks (day 84)"
        + " improved on average 0.6 points more with custom orthotics than with OTC insoles (95% CI: 0.2 points more to 1.0 point more); the difference is"
        + " unlikely to be zero but is smaller than the 1.6-point change patients notice as important."), "main finding");
    assertTrue(page.contains("days 14, 42, 84, 182, 364 after device start (day 0), i.e. weeks 2, 6, 12, 26, 52"), "follow-up schedule as day offsets");
  }

  @Test
  void figuresAreInlineSvgWithTextAndFilesBeside() throws IOException {
    List<String> ids = List.of("attrition_flow", "love_plot", "propensity_unadjusted", "forest_primary", "forest_secondary", "trajectory_nrs",
        "trajectory_odi", "trajectory_rmdq", "km_response", "forest_subgroups", "effect_modifiers");
    assertEquals(ids.size(), summary.figures());
    Path dir = html.getParent();
    for (String id : ids) {
      assertTrue(page.contains("<svg role=\"img\" aria-labelledby=\"" + id + "-title\" id='" + id + "'"), "inline svg " + id);
      String svg = Files.readString(dir.resolve("figures/" + id + ".svg"));
      assertTrue(svg.contains("<text"), "real text in " + id);
      byte[] png = Files.readAllBytes(dir.resolve("figures/" + id + ".png"));
      assertEquals((byte) 0x89, png[0]);
      assertEquals('P', png[1]);
    }
    Matcher data = Pattern.compile("data: exports/([a-z0-9_]+)\\.csv").matcher(page);
    int n = 0;
    while (data.find()) {
      assertTrue(Files.exists(dir.resolve("exports/" + data.group(1) + ".csv")), "data behind a figure: " + data.group(1));
      assertTrue(Files.exists(dir.resolve("exports/" + data.group(1) + ".json")), "data behind a figure: " + data.group(1));
      n++;
    }
    assertEquals(ids.size(), n);
    // Each figure draws the labels of the data exported behind it (the golden file masks SVG bodies, so this pins their content).
    String[][] labelled = {{"attrition_flow", "attrition", "description"}, {"love_plot", "love_plot_data", "covariate"},
        {"forest_primary", "forest_primary_data", "row"}, {"forest_secondary", "forest_secondary_data", "row"},
        {"forest_subgroups", "forest_subgroups_data", "row"}, {"effect_modifiers", "effect_modifiers", "feature"},
        {"trajectory_nrs", "trajectory_nrs_data", "arm"}};
    for (String[] f : labelled) {
      String svg = Files.readString(dir.resolve("figures/" + f[0] + ".svg"));
      JsonNode rows = new ObjectMapper().readTree(dir.resolve("exports/" + f[1] + ".json").toFile());
      assertTrue(rows.size() > 0, f[1]);
      for (JsonNode r : rows) {
        String label = r.get(f[2]).asText().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        assertTrue(svg.contains(">" + label + "<"), f[0] + " draws '" + label + "'");
      }
    }
    // Chart text is in the SVG: axis labels and series names.
    String forest = Files.readString(dir.resolve("figures/forest_primary.svg"));
    assertTrue(forest.contains("doubly robust (AIPW, linear)"));
    assertTrue(forest.contains("favours custom orthotics"));
  }

  @Test
  void exportsEveryTableAsCsvAndJsonWithSuppressedMarkers() throws IOException {
    Path exports = html.getParent().resolve("exports");
    try (Stream<Path> files = Files.list(exports)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      for (String t : List.of("attrition", "table1", "estimates_primary_outcome", "estimates_secondary", "estimates_responder", "subgroups",
          "effect_modifiers", "diagnostics", "sensitivity", "km_numbers_at_risk", "trajectory_nrs", "inputs")) {
        assertTrue(names.contains(t + ".csv") && names.contains(t + ".json"), "export " + t + " in " + names);
      }
      assertEquals(summary.exportFiles(), names.size());
    }
    String attrition = Files.readString(exports.resolve("attrition.csv"));
    assertEquals("step,rule,description,excluded,remaining,custom_orthotics,otc_insoles\n"
        + "0,all_devices,Every patient with a first custom or OTC device,0,3120,1310,1810\n"
        + "1,adult,Age 18 or over at device start,42,3078,1296,1782\n"
        + "2,baseline_pain,Baseline NRS pain of at least 3,455,2623,1121,1502\n"
        + "3,no_prior_device,No orthotic device in the prior year,hidden,hidden,hidden,hidden\n"
        + "4,foot_exam,Foot exam within the baseline window,<11,2428,1045,1383\n", attrition);
    JsonNode subgroups = new ObjectMapper().readTree(exports.resolve("subgroups.json").toFile());
    JsonNode tiny = subgroups.get(7);
    assertEquals("highly supinated", tiny.get("level").asText());
    assertEquals("withheld", tiny.get("estimate").asText());
    assertTrue(tiny.get("ci95_low").isNull());
    assertEquals("<11", tiny.get("n_custom_orthotics").asText());
    assertEquals("<11", tiny.get("n_otc_insoles").asText());
    // The next-smallest level is hidden so the tiny one cannot be recovered from the arm total.
    JsonNode highlyPronated = subgroups.get(11);
    assertEquals("highly pronated", highlyPronated.get("level").asText());
    assertEquals("hidden", highlyPronated.get("n_custom_orthotics").asText());
    assertEquals("hidden", highlyPronated.get("n_otc_insoles").asText());
    assertEquals(-1.4, highlyPronated.get("estimate").asDouble(), 1e-12);
    JsonNode run = new ObjectMapper().readTree(html.getParent().resolve("run.json").toFile());
    assertEquals("92cec9f0a1b2", run.get("commit").asText());
    assertEquals("\u2026/in", run.get("options").get("input").asText(), "paths in the shared manifest keep only their last component");
    assertEquals(5, run.get("inputs").size());
  }

  @Test
  void binaryCovariateWithFewPatientsIsHidden() {
    assertTrue(page.contains("Means are hidden for site=C: a proportion there stands for fewer than 11 patients in an arm."));
    assertFalse(page.contains("0.01 (0.08)"), "site=C treated proportion 0.006 must not be shown");
  }

  @Test
  void noIdentifiersOrSourcePaths() throws IOException {
    try (Stream<Path> files = Files.walk(html.getParent())) {
      for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".png")).toList()) {
        assertFalse(f.getFileName().toString().startsWith("."), "no hidden side files such as .crc: " + f);
        String text = Files.readString(f).toLowerCase(Locale.ROOT);
        for (String w : ReportStage.IDENTIFIER_WORDS) {
          assertFalse(text.contains(w), w + " in " + f);
        }
        assertFalse(text.contains("/data/clinic-export"), "source data path in " + f);
        assertFalse(text.contains("/data/studies"), "output path in " + f);
      }
    }
    assertTrue(page.contains("input = \u2026/in"), "option paths shortened to their last component");
    assertTrue(page.contains("accepted: 21877, quarantined: &lt;11"), "small stage counts are marked too");
  }

  @Test
  void absentTablesAreReportedNotInvented(@TempDir Path tmp) throws IOException {
    Path results = tmp.resolve("results");
    Files.createDirectories(results);
    Files.copy(ReportTestSupport.studyResults().resolve("estimates.json"), results.resolve("estimates.json"));
    Files.writeString(results.resolve("subgroups.json"), "[]");
    Path partial = tmp.resolve("out/report.html");
    ReportSummary s = ReportTestSupport.render(results, partial);
    assertEquals(List.of("attrition", "balance", "curves", "diagnostics", "effect_modifiers"), s.missingTables());
    String p = Files.readString(partial);
    assertTrue(p.contains("Not in the results folder, so not reported: attrition, balance, curves, diagnostics, effect_modifiers."));
    assertTrue(p.contains("The subgroups table is empty."));
    assertTrue(p.contains("The attrition table is not in the results folder"));
    assertTrue(p.contains("No run manifest (run.json) was found"));
    assertTrue(p.contains("The diagnostics table is not in the results folder"));
    // Without attrition there is no arm total, so estimates still show with their own small-cell rule.
    assertTrue(p.contains("improved on average 0.6 points more"));
  }

  @Test
  void commandLineWritesTheReport(@TempDir Path tmp) throws IOException {
    Path target = tmp.resolve("r/report.html");
    int code = Main.execute("report", "--results", ReportTestSupport.studyResults().toString(), "--output", target.toString());
    assertEquals(0, code);
    assertEquals(ReportTestSupport.masked(page), ReportTestSupport.masked(Files.readString(target)));
    assertEquals(2, Main.execute("report", "--results", ReportTestSupport.studyResults().toString(), "--output", tmp.resolve("x.txt").toString()));
    assertEquals(1, Main.execute("report", "--results", tmp.resolve("nowhere").toString(), "--output", tmp.resolve("y.html").toString()));
  }
}
