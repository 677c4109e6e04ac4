package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report on a 27-patient cohort (tiny/results): every count below 11 is printed as {@code <11}
 * in the HTML and in every export, estimates built from fewer than 11 patients in an arm are
 * withheld, and no suppressed attrition count can be worked out from the published ones (checked by
 * playing the attacker: enumerate every cohort consistent with the published attrition table).
 */
class ReportSmallCellTest {
  private static final int MAX = 60;

  @TempDir
  static Path out;

  private static String page;
  private static Path exports;
  private static ReportSummary summary;

  @BeforeAll
  static void renderTiny() throws IOException {
    Path html = out.resolve("report.html");
    summary = ReportTestSupport.render(ReportTestSupport.tinyResults(), html);
    page = Files.readString(html);
    exports = out.resolve("exports");
  }

  @Test
  void smallCountsAreMarkedEverywhere() throws IOException {
    assertEquals("step,rule,description,excluded,remaining,custom_orthotics,otc_insoles\n"
        + "0,all_devices,Every patient with a first device,0,hidden,hidden,13\n"
        + "1,adult,Age 18 or over,<11,hidden,hidden,13\n"
        + "2,baseline_pain,Baseline NRS pain of at least 3,<11,21,hidden,<11\n", Files.readString(exports.resolve("attrition.csv")));
    // Every count column of every export: a number there is 0 or at least 11.
    try (Stream<Path> files = Files.list(exports)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        for (JsonNode row : new ObjectMapper().readTree(f.toFile())) {
          row.fields().forEachRemaining(e -> {
            boolean countColumn = e.getKey().startsWith("n_") || List.of("excluded", "remaining", "custom_orthotics", "otc_insoles").contains(e.getKey());
            if (countColumn && e.getValue().isNumber()) {
              long v = e.getValue().asLong();
              assertTrue(v == 0 || v >= 11, f.getFileName() + " " + e + " prints a small count");
            }
          });
        }
      }
    }
    // The HTML table cells of counts carry the same markers.
    assertTrue(page.contains("<td class=\"num suppressed\">&lt;11</td>"));
    assertTrue(page.contains("<td class=\"num suppressed\">hidden</td>"));
    assertEquals(13, summary.smallCells());
    assertEquals(5, summary.complementaryCells());
  }

  @Test
  void estimatesFromFewerThanElevenPatientsAreWithheld() throws IOException {
    assertTrue(page.contains("<p class=\"sentence\">The primary result is not shown: fewer than 11 patients in an arm.</p>"));
    String est = Files.readString(exports.resolve("estimates_primary_outcome.csv"));
    assertEquals("analysis,estimate,ci95_low,ci95_high,p,se,n_custom_orthotics,n_otc_insoles,note\n"
        + "\"ATE, doubly robust (AIPW, linear)\",withheld,,,,,11,<11,withheld: fewer than 11 patients in an arm\n"
        + "\"ATE, unadjusted\",withheld,,,,,11,<11,withheld: fewer than 11 patients in an arm\n", est);
    assertFalse(page.contains("-1.10") || page.contains("-1.30"), "withheld estimates must not leak into the page");
    String sub = Files.readString(exports.resolve("subgroups.csv"));
    assertEquals("subgroup,level,estimate,ci95_low,ci95_high,n_custom_orthotics,n_otc_insoles,interaction_p\n"
        + "pronated,yes,withheld,,,<11,<11,0.4\n"
        + "pronated,no,withheld,,,<11,<11,0.4\n", sub);
    // No figure is drawn from withheld estimates: a note says why instead.
    assertFalse(Files.exists(exports.resolve("forest_subgroups_data.csv")));
    assertFalse(Files.exists(exports.resolve("forest_primary_data.csv")));
    assertTrue(page.contains("Subgroups: no figure, because every estimate is withheld (fewer than 11 patients in an arm) or missing."));
    assertEquals(1, summary.figures(), "only the attrition flow");
  }

  @Test
  void estimateCountsCannotRevealFewMissingOutcomes(@TempDir Path tmp) throws IOException {
    // 500 treated in the cohort, 497 with the outcome: printing both would reveal 3 patients without it.
    Path results = tmp.resolve("results");
    Files.createDirectories(results);
    Files.writeString(results.resolve("attrition.json"), "[{\"step\": 0, \"rule\": \"all\", \"description\": \"All\", \"n_remaining\": 1100,"
        + " \"n_excluded\": 0, \"n_treated\": 500, \"n_control\": 600}]");
    Files.writeString(results.resolve("estimates.json"), "["
        + estimate("nrs_change_d84", 497, 560) + "," + estimate("odi_change_d84", 497, 600) + "," + estimate("rmdq_change_d84", 450, 541) + "]");
    Path html = tmp.resolve("out/report.html");
    ReportTestSupport.render(results, html);
    String csv = Files.readString(tmp.resolve("out/exports/estimates_secondary.csv"));
    assertEquals("outcome,estimate,ci95_low,ci95_high,p,se,n_custom_orthotics,n_otc_insoles\n"
        + "change in pain (0-10 scale) at 12 weeks (day 84),-0.5,-0.9,-0.1,0.01,0.2,hidden,560\n"
        + "\"change in disability (Oswestry, 0-100) at 12 weeks (day 84)\",-0.5,-0.9,-0.1,0.01,0.2,hidden,600\n"
        + "\"change in disability (Roland-Morris, 0-24) at 12 weeks (day 84)\",-0.5,-0.9,-0.1,0.01,0.2,450,541\n", csv,
        "497 is hidden in every row where it appears; 600 equals the cohort and 450/541 leave 50 and 59 out, which are not small");
    assertTrue(Files.readString(tmp.resolve("out/exports/attrition.csv")).contains(",1100,500,600\n"), "the cohort stays visible");
  }

  private static String estimate(String outcome, long nt, long nc) {
    return "{\"outcome\": \"" + outcome + "\", \"outcome_kind\": \"continuous\", \"primary\": false, \"estimand\": \"ATE\", \"method\": \"aipw_linear\","
        + " \"scale\": \"mean_difference\", \"estimate\": -0.5, \"std_error\": 0.2, \"ci_low\": -0.9, \"ci_high\": -0.1, \"p_value\": 0.01,"
        + " \"n_treated\": " + nt + ", \"n_control\": " + nc + "}";
  }

  @Test
  void noSuppressedAttritionCountCanBeRecovered() throws IOException {
    JsonNode rows = new ObjectMapper().readTree(exports.resolve("attrition.json").toFile());
    String[] columns = {"remaining", "excluded", "custom_orthotics", "otc_insoles"};
    int steps = rows.size();
    // Published n of the estimates: each arm's final count is at least what contributed to an estimate.
    long minTreated = 11;
    Map<String, Set<Long>> seen = new HashMap<>();
    List<long[]> cohorts = new ArrayList<>();
    enumerate(rows, steps - 1, new long[steps][4], cohorts, minTreated);
    assertFalse(cohorts.isEmpty(), "the true cohort must be consistent with what is published");
    for (long[] c : cohorts) {
      for (int k = 0; k < steps; k++) {
        for (int j = 0; j < 4; j++) {
          seen.computeIfAbsent(k + "." + columns[j], x -> new HashSet<>()).add(c[k * 4 + j]);
        }
      }
    }
    int suppressed = 0;
    for (int k = 0; k < steps; k++) {
      for (String col : columns) {
        JsonNode v = rows.get(k).get(col);
        if (v.isTextual()) {
          suppressed++;
          assertTrue(seen.get(k + "." + col).size() >= 2, "step " + k + " " + col + " is recoverable: " + seen.get(k + "." + col));
        }
      }
    }
    assertEquals(8, suppressed);
  }

  /**
   * Backtracking over cohorts consistent with the published attrition table: choose the final
   * treated/control counts, then what each rule excluded from each arm, going back to step 0.
   * {@code c[k] = {remaining, excluded, treated, control}}.
   */
  private static void enumerate(JsonNode rows, int k, long[][] c, List<long[]> found, long minTreated) {
    int last = rows.size() - 1;
    if (k == last) {
      for (long t = minTreated; t <= MAX; t++) {
        for (long n = 0; n <= MAX; n++) {
          c[k][2] = t;
          c[k][3] = n;
          c[k][0] = t + n;
          if (fits(rows.get(k), "custom_orthotics", t) && fits(rows.get(k), "otc_insoles", n) && fits(rows.get(k), "remaining", t + n)) {
            enumerate(rows, k - 1, c, found, minTreated);
          }
        }
      }
      return;
    }
    if (k < 0) {
      if (fits(rows.get(0), "excluded", 0)) {
        long[] flat = new long[rows.size() * 4];
        for (int i = 0; i < rows.size(); i++) {
          System.arraycopy(c[i], 0, flat, i * 4, 4);
        }
        found.add(flat);
      }
      return;
    }
    for (long et = 0; c[k + 1][2] + et <= MAX; et++) {
      for (long ec = 0; c[k + 1][3] + ec <= MAX; ec++) {
        long t = c[k + 1][2] + et;
        long n = c[k + 1][3] + ec;
        c[k][2] = t;
        c[k][3] = n;
        c[k][0] = t + n;
        c[k + 1][1] = et + ec;
        if (fits(rows.get(k), "custom_orthotics", t) && fits(rows.get(k), "otc_insoles", n) && fits(rows.get(k), "remaining", t + n)
            && fits(rows.get(k + 1), "excluded", et + ec)) {
          enumerate(rows, k - 1, c, found, minTreated);
        }
      }
    }
  }

  /** What a reader learns from a published cell: the number, "<11" = 1..10 (zeros are shown), "hidden" = not 0. */
  private static boolean fits(JsonNode row, String column, long v) {
    JsonNode cell = row.get(column);
    if (cell.isNumber()) {
      return cell.asLong() == v;
    }
    return switch (cell.asText()) {
      case "<11" -> v >= 1 && v <= 10;
      case "hidden" -> v >= 1;
      default -> throw new AssertionError("unexpected marker " + cell);
    };
  }
}
