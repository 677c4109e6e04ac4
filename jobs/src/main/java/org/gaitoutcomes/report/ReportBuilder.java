package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.MISSING;
import static org.gaitoutcomes.report.Format.bool;
import static org.gaitoutcomes.report.Format.ci;
import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.fixed;
import static org.gaitoutcomes.report.Format.lng;
import static org.gaitoutcomes.report.Format.pValue;
import static org.gaitoutcomes.report.Format.str;
import static org.gaitoutcomes.report.Labels.checkLabel;
import static org.gaitoutcomes.report.Labels.estimandLabel;
import static org.gaitoutcomes.report.Labels.estimandLabelShort;
import static org.gaitoutcomes.report.Labels.measureLabel;
import static org.gaitoutcomes.report.Labels.methodLabel;
import static org.gaitoutcomes.report.Labels.outcomeLabel;
import static org.gaitoutcomes.report.Labels.slug;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Fact;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;
import org.gaitoutcomes.report.charts.Charts;
import org.gaitoutcomes.report.charts.FigureRenderer;
import org.gaitoutcomes.report.charts.FlowDiagram;
import org.gaitoutcomes.report.privacy.SuppressedCounts;
import org.jfree.chart.ui.Drawable;

/**
 * Turns the result tables and the run manifest into a {@link ReportDocument}: registers every
 * patient count with the relations between them, suppresses small cells once for the whole report,
 * then builds each section's tables and figures from the suppressed values only. Never invents a
 * number: an absent table or value is said to be absent.
 */
final class ReportBuilder {
  private static final Pattern CHANGE = Pattern.compile("(nrs|odi|rmdq)_change_d(\\d+)");
  private static final Set<String> SENSITIVITY_CHECKS = Set.of("negative_control", "placebo_treatment", "e_value");

  private final ReportInputs in;
  private final ReportSettings s;
  private final List<String> warnings = new ArrayList<>();
  private final ReportCounts rc;
  /** The suppressed counts, read by id ({@link ReportCounts} makes the ids). */
  private final SuppressedCounts counts;
  private final List<Table> tables = new ArrayList<>();
  private final List<Figure> figures = new ArrayList<>();
  private Map<String, Object> primary;

  ReportBuilder(ReportInputs in, ReportSettings s) {
    this.in = in;
    this.s = s;
    this.rc = new ReportCounts(in, s, warnings);
    this.counts = rc.counts();
  }

  ReportDocument build() {
    primary = in.rows("estimates").stream().filter(r -> Boolean.TRUE.equals(r.get("primary"))).findFirst().orElse(null);

    List<Section> sections = new ArrayList<>();
    sections.add(studySummary());
    sections.add(cohort());
    sections.add(balance());
    sections.add(propensity());
    sections.add(estimates());
    sections.add(trajectories());
    sections.add(timeToResponse());
    sections.add(whoBenefits());
    sections.add(diagnostics());
    sections.add(sensitivity());
    sections.add(provenance());
    if (!in.missing().isEmpty()) {
      warnings.add("Not in the results folder, so not reported: " + String.join(", ", in.missing()) + ".");
    }
    long[] suppressed = counts.suppressedCounts();
    String privacy = "Aggregates only. Counts below " + s.smallCountThreshold() + (s.suppressZero() ? " (zero included)" : " (zero shown)")
        + " are shown as \"" + s.smallMarker() + "\"; other counts are shown as \"" + SuppressedCounts.HIDDEN
        + "\" where they would let a small count be worked out from totals (complementary suppression). Estimates with fewer than "
        + s.smallCountThreshold() + " patients in an arm are withheld. In this report: " + suppressed[0] + " small and " + suppressed[1]
        + " complementary cells suppressed. The same rules apply to every export, to the figures and to the shared run.json copy, and to counts"
        + " inside text and numbers a count follows from (effective sample sizes of unweighted rows, shares of patients).";
    return new ReportDocument(s.title(), mainFinding(), primaryLabel(), warnings, sections, tables, figures, privacy, suppressed[0], suppressed[1],
        in.manifest() == null ? null : SharedManifest.of(in.manifest(), rc));
  }

  // ---------------------------------------------------------------- main finding

  private String primaryLabel() {
    if (primary == null) {
      return null;
    }
    return "Primary analysis: " + outcomeLabel(str(primary, "outcome")) + "; " + estimandLabel(str(primary, "estimand")) + "; method "
        + methodLabel(str(primary, "method")) + ".";
  }

  private String mainFinding() {
    if (primary == null) {
      if (in.table("estimates").isPresent() && in.rows("estimates").isEmpty()) {
        return "No effect could be estimated from these data, so there is no main finding to state" + reasonsNotEstimated() + " The counts of who was included are below.";
      }
      return in.table("estimates").isPresent() ? "No estimate is marked as the primary analysis, so there is no main finding to state."
          : "The estimates table is missing, so there is no main finding to state" + reasonsNotEstimated();
    }
    String withheld = withheldReason(primary);
    List<String> failed = in.rows("diagnostics").stream()
        .filter(d -> Boolean.FALSE.equals(d.get("pass")) && relevantTo(d, str(primary, "estimand")))
        .map(d -> str(d, "check") + ("design".equals(str(d, "adjustment")) ? "" : " (" + str(d, "adjustment") + ")"))
        .toList();
    return PlainLanguage.sentence(new PlainLanguage.Primary(str(primary, "outcome"), str(primary, "estimand"),
        withheld == null ? dbl(primary, "estimate") : null, dbl(primary, "ci_low"), dbl(primary, "ci_high"),
        importantChange(str(primary, "outcome")), failed, withheld, s.treatmentLabel(), s.comparatorLabel()));
  }

  /**
   * Why nothing (or not everything) could be estimated, from the diagnostics that failed (e.g. a
   * nuisance model that did not converge, a covariate that separates the arms): ": REASON; REASON."
   * with counts in them as the registry prints them, or "." when the diagnostics say nothing.
   */
  private String reasonsNotEstimated() {
    List<String> reasons = in.rows("diagnostics").stream()
        .filter(d -> Boolean.FALSE.equals(d.get("pass")) && !"unadjusted".equals(str(d, "adjustment")) && !SENSITIVITY_CHECKS.contains(str(d, "check")))
        .map(d -> checkLabel(str(d, "check")) + (str(d, "adjustment") == null || "design".equals(str(d, "adjustment")) ? "" : " (" + str(d, "adjustment") + ")")
            + (meaning(d) == null ? "" : ": " + meaning(d).replaceAll("[.\\s]+$", "")))
        .distinct().toList();
    if (reasons.isEmpty()) {
      return in.table("diagnostics").isPresent() ? "; the diagnostics record no failed check that says why." : ".";
    }
    return ". What could not be estimated, and why: " + String.join("; ", reasons) + ".";
  }

  /**
   * Diagnostics that bear on an estimand: all but those of the unadjusted comparison (imbalance
   * before adjustment is expected) and those of another estimand's adjustment (e.g. matching_ATT
   * for an ATE; {@code iptw_ATE:column} counts as iptw_ATE).
   */
  static boolean relevantTo(Map<String, Object> d, String estimand) {
    String adj = Objects.toString(str(d, "adjustment"), "design");
    String base = adj.contains(":") ? adj.substring(0, adj.indexOf(':')) : adj;
    if (base.equals("unadjusted")) {
      return false;
    }
    Matcher m = Pattern.compile(".*_(ATE|ATT|ATO)$").matcher(base);
    return !m.matches() || m.group(1).equals(estimand);
  }

  private String withheldReason(Map<String, Object> r) {
    if (lng(r, "n_treated") < s.smallCountThreshold() || lng(r, "n_control") < s.smallCountThreshold()) {
      return "fewer than " + s.smallCountThreshold() + " patients in an arm";
    }
    return null;
  }

  /** The important change on the outcome's scale: NRS min(points, fraction x baseline mean) (Ostelo 2008). */
  Double importantChange(String outcome) {
    Matcher m = CHANGE.matcher(outcome);
    if (!m.matches()) {
      return null;
    }
    Double points = s.importantChange().get(m.group(1));
    if (points != null && m.group(1).equals("nrs")) {
      Double baseline = baselineNrs();
      if (baseline != null) {
        return Math.min(points, s.nrsImportantChangeFraction() * baseline);
      }
    }
    return points;
  }

  private Double baselineNrs() {
    return in.rows("balance").stream()
        .filter(r -> s.baselineCovariateNrs().equals(str(r, "covariate")) && "unadjusted".equals(str(r, "adjustment")))
        .filter(r -> dbl(r, "mean_treated") != null && dbl(r, "mean_control") != null)
        .map(r -> (dbl(r, "mean_treated") + dbl(r, "mean_control")) / 2).findFirst().orElse(null);
  }

  // ---------------------------------------------------------------- sections

  private Section studySummary() {
    List<Block> b = new ArrayList<>();
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.of("Question", s.question()));
    facts.add(Fact.of("Comparison", s.treatmentLabel() + " (treatment) vs " + s.comparatorLabel() + " (comparator); differences are "
        + s.treatmentLabel() + " minus " + s.comparatorLabel() + "."));
    facts.add(Fact.of("Design", "Observational comparison of routinely collected data, adjusted for measured baseline differences"
        + " (propensity-score weighting, matching, outcome regression and doubly robust estimators). It cannot rule out unmeasured differences."));
    if (primary != null) {
      facts.add(Fact.of("Primary analysis", outcomeLabel(str(primary, "outcome")) + "; " + estimandLabel(str(primary, "estimand")) + "; "
          + methodLabel(str(primary, "method"))));
    }
    List<Long> days = in.followUpDays();
    facts.add(Fact.of("Follow-up schedule", days.isEmpty() ? "not available (no outcomes in the results)"
        : (days.size() == 1 ? "day " : "days ") + days.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " after device start (day 0)"
            + weeks(days)));
    Set<String> methods = in.rows("estimates").stream().map(r -> str(r, "method")).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    if (!methods.isEmpty()) {
      facts.add(Fact.of("Methods", methods.stream().map(Labels::methodLabel).collect(Collectors.joining("; "))));
    }
    Set<String> covariates = in.rows("balance").stream().map(r -> str(r, "covariate")).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    if (!covariates.isEmpty()) {
      facts.add(Fact.of("Adjusted for", String.join(", ", covariates)));
    }
    Set<String> subgroups = in.rows("subgroups").stream().map(r -> str(r, "subgroup")).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    if (!subgroups.isEmpty()) {
      facts.add(Fact.of("Pre-specified subgroups", String.join(", ", subgroups)));
    }
    JsonNode m = in.manifest();
    facts.add(Fact.of("Data sources", dataSources()));
    String analysis = m == null ? "analysis software not recorded (no run manifest)"
        : "gait-outcomes " + text(m, "version") + " (commit " + text(m, "commit") + "), Apache Spark " + text(m.get("spark"), "version")
            + ", Java " + text(m.get("java"), "version");
    facts.add(new Fact("Software", analysis + "; report figures by JFreeChart " + libraryVersion(JFREE, "jfreechart") + " with JFreeSVG "
        + libraryVersion(JFREE, JFREE + ".svg") + ", layout by JMustache " + libraryVersion("com.samskivert", "jmustache"), true));
    b.add(Block.facts(facts));
    return new Section("summary", "Study summary", null, b);
  }

  private static String weeks(List<Long> days) {
    if (days.stream().allMatch(d -> d % 7 == 0)) {
      return ", i.e. " + (days.size() == 1 ? "week " : "weeks ") + days.stream().map(d -> String.valueOf(d / 7)).collect(Collectors.joining(", "));
    }
    return "";
  }

  private String dataSources() {
    JsonNode m = in.manifest();
    if (m == null || m.get("inputs") == null || m.get("inputs").isEmpty()) {
      return "not recorded (no run manifest with inputs found)";
    }
    // File counts go through the registry: the number of vendor scan files can count patients.
    return SharedManifest.inputs(m).stream().map(f -> f.table() + " (" + fileCount(f)
        + (f.files() == 1 ? " file, " : " files, ") + bytes(f.bytes()) + ")").collect(Collectors.joining("; ")) + "; checksums under Provenance";
  }

  /** How many files an input table has, as the registry prints it (vendor scan files count patients). */
  private String fileCount(SharedManifest.Input f) {
    String id = rc.stageCountId("inputs", f.table() + ".files");
    return id == null ? String.valueOf(f.files()) : counts.text(id);
  }

  private static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return fixed(b / 1024.0, 1) + " KiB";
    }
    return fixed(b / (1024.0 * 1024), 1) + " MiB";
  }

  private Section cohort() {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = in.attritionRows();
    if (rows.isEmpty()) {
      b.add(Block.note(absent("attrition") + ": who was included cannot be shown."));
      return new Section("cohort", "Who was included", null, b);
    }
    List<FlowDiagram.Step> steps = new ArrayList<>();
    List<Row> trs = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      long k = lng(r, "step");
      String rem = ReportCounts.id("attrition", k, "remaining");
      String exc = ReportCounts.id("attrition", k, "excluded");
      String t = ReportCounts.id("attrition", k, "treated");
      String c = ReportCounts.id("attrition", k, "control");
      steps.add(new FlowDiagram.Step(str(r, "description"), counts.text(rem), counts.text(t), counts.text(c), counts.text(exc)));
      trs.add(new Row(List.of(Cell.num(String.valueOf(k), k), Cell.text(str(r, "rule")), Cell.text(str(r, "description")),
          count(exc), count(rem), count(t), count(c))));
    }
    Table t = new Table("attrition", "Patients remaining after each cohort rule, by arm",
        List.of("Step", "Rule", "Description", "Excluded", "Remaining", s.treatmentLabel(), s.comparatorLabel()), trs, null);
    b.add(Block.figure(figure("attrition_flow", "Attrition flow", "Each box gives the patients remaining after a cohort rule; side boxes give the patients the rule excluded.",
        new FlowDiagram(steps, s.treatmentLabel(), s.comparatorLabel()), s.figureWidth(), FlowDiagram.heightFor(steps.size()), t)));
    b.add(Block.table(exported(t)));
    return new Section("cohort", "Who was included", null, b);
  }

  /** A count the compare stage already suppressed (null in the results): printed as small. */
  private Cell upstreamSuppressed() {
    return new Cell(s.smallMarker(), s.smallMarker(), "num suppressed");
  }

  private Cell count(String countId) {
    return new Cell(counts.text(countId), counts.value(countId), counts.suppressed(countId) ? "num suppressed" : "num");
  }

  private Section balance() {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = in.rows("balance");
    if (rows.isEmpty()) {
      b.add(Block.note(absent("balance") + ": baseline characteristics and covariate balance cannot be shown."));
      return new Section("balance", "Baseline characteristics and balance", null, b);
    }
    List<String> covariates = rows.stream().map(r -> str(r, "covariate")).distinct().toList();
    List<String> adjustments = rows.stream().map(r -> str(r, "adjustment")).distinct().toList();
    String after = tableOneAdjustment(adjustments);
    Set<String> hiddenMeans = covariatesWithSmallCounts(rows);
    List<Row> trs = new ArrayList<>();
    for (String cov : covariates) {
      Map<String, Object> before = balanceRow(rows, cov, "unadjusted");
      Map<String, Object> adj = after == null ? null : balanceRow(rows, cov, after);
      boolean hide = hiddenMeans.contains(cov);
      List<Cell> cells = new ArrayList<>();
      cells.add(Cell.text(cov));
      cells.addAll(meanCells(before, hide));
      cells.add(smdCell(before));
      if (after != null) {
        cells.addAll(meanCells(adj, hide));
        cells.add(smdCell(adj));
        Boolean pass = adj == null ? null : bool(adj, "pass");
        cells.add(passCell(pass));
      }
      trs.add(new Row(cells));
    }
    List<String> cols = new ArrayList<>(List.of("Covariate", s.treatmentLabel() + " mean (SD)", s.comparatorLabel() + " mean (SD)", "SMD before"));
    if (after != null) {
      cols.addAll(List.of(s.treatmentLabel() + " mean (SD), " + after, s.comparatorLabel() + " mean (SD), " + after, "SMD after", "Balanced (|SMD| < 0.1)"));
    }
    String note = hiddenMeans.isEmpty() ? null : "Means are hidden for " + String.join(", ", hiddenMeans) + ": a proportion there stands for fewer than "
        + s.smallCountThreshold() + " patients in an arm.";
    Table t1 = exported(new Table("table1", "Table 1. Baseline characteristics by arm before and after adjustment"
        + (after == null ? "" : " (" + after + ")"), cols, trs, note));
    b.add(Block.paragraph("The standardized mean difference (SMD) compares the arms in units of standard deviation; below 0.1 counts as balanced (Austin 2009)."
        + " After adjustment the arms should look alike on every measured characteristic."));
    b.add(Block.table(t1));
    // Love plot: |SMD| under every adjustment.
    Map<String, double[]> smd = new LinkedHashMap<>();
    List<Row> data = new ArrayList<>();
    for (String adj : adjustments) {
      double[] v = new double[covariates.size()];
      for (int i = 0; i < covariates.size(); i++) {
        Map<String, Object> r = balanceRow(rows, covariates.get(i), adj);
        Double d = r == null ? null : dbl(r, "smd");
        v[i] = d == null ? Double.NaN : Math.abs(d);
        if (d != null) {
          data.add(new Row(List.of(Cell.text(covariates.get(i)), Cell.text(adj), Cell.num(fixed(d, 3), d))));
        }
      }
      smd.put(adj, v);
    }
    Table loveData = new Table("love_plot_data", "Standardized mean differences behind the love plot", List.of("covariate", "adjustment", "smd"), data, null);
    int h = Math.max(260, 70 + 24 * covariates.size());
    b.add(Block.figure(figure("love_plot", "Love plot", "Absolute SMD of each covariate before (hollow circles) and after each adjustment; the dashed line is the 0.1 balance threshold.",
        Charts.lovePlot(covariates, smd), s.figureWidth(), h, loveData)));
    return new Section("balance", "Baseline characteristics and balance", null, b);
  }

  private String tableOneAdjustment(List<String> adjustments) {
    if (primary != null) {
      String method = str(primary, "method");
      String estimand = str(primary, "estimand");
      for (String candidate : List.of(method + "_" + estimand, "iptw_" + estimand, "overlap_" + estimand, "matching_" + estimand)) {
        if (adjustments.contains(candidate)) {
          return candidate;
        }
      }
    }
    return adjustments.stream().filter(a -> !a.equals("unadjusted")).findFirst().orElse(null);
  }

  /**
   * Binary covariates (0/1 means, or levels written covariate=level) whose proportion stands for
   * fewer patients than the threshold in an arm (or fewer than the threshold without the feature).
   */
  private Set<String> covariatesWithSmallCounts(List<Map<String, Object>> rows) {
    Set<String> hide = new java.util.LinkedHashSet<>();
    if (rc.treatedTotal() == null) {
      return hide;
    }
    long[] n = {counts.raw(rc.treatedTotal()), counts.raw(rc.controlTotal())};
    for (Map<String, Object> r : rows) {
      if (!"unadjusted".equals(str(r, "adjustment"))) {
        continue;
      }
      String[] arms = {"treated", "control"};
      for (int a = 0; a < 2; a++) {
        Double p = dbl(r, "mean_" + arms[a]);
        Double sd = dbl(r, "sd_" + arms[a]);
        if (p == null || p < 0 || p > 1) {
          continue;
        }
        boolean binary = str(r, "covariate").contains("=") || (sd != null && Math.abs(sd - Math.sqrt(p * (1 - p))) < 0.02);
        if (!binary) {
          continue;
        }
        long with = Math.round(p * n[a]);
        long without = n[a] - with;
        if (small(with) || small(without)) {
          hide.add(str(r, "covariate"));
        }
      }
    }
    return hide;
  }

  private boolean small(long n) {
    return n < s.smallCountThreshold() && (s.suppressZero() || n > 0);
  }

  private static Map<String, Object> balanceRow(List<Map<String, Object>> rows, String cov, String adj) {
    return rows.stream().filter(r -> cov.equals(str(r, "covariate")) && adj.equals(str(r, "adjustment"))).findFirst().orElse(null);
  }

  private List<Cell> meanCells(Map<String, Object> r, boolean hide) {
    List<Cell> cells = new ArrayList<>();
    for (String arm : List.of("treated", "control")) {
      if (hide) {
        cells.add(new Cell(s.smallMarker() + " patients", s.smallMarker(), "num suppressed"));
      } else if (r == null || dbl(r, "mean_" + arm) == null) {
        cells.add(Cell.num(MISSING, null));
      } else {
        Double mean = dbl(r, "mean_" + arm);
        Double sd = dbl(r, "sd_" + arm);
        cells.add(Cell.num(fixed(mean, 2) + (sd == null ? "" : " (" + fixed(sd, 2) + ")"), mean));
      }
    }
    return cells;
  }

  private static Cell smdCell(Map<String, Object> r) {
    Double d = r == null ? null : dbl(r, "smd");
    return new Cell(fixed(d, 3), d, d != null && Math.abs(d) >= 0.1 ? "num warn" : "num");
  }

  private static Cell passCell(Boolean pass) {
    if (pass == null) {
      return new Cell("info", null, "info");
    }
    return new Cell(pass ? "pass" : "FAIL", pass, pass ? "pass" : "fail");
  }

  private Section propensity() {
    List<Block> b = new ArrayList<>();
    Map<String, List<Map<String, Object>>> groups = in.curveGroups("propensity");
    if (groups.isEmpty()) {
      b.add(Block.note("No propensity-score histograms in the results (curves table absent or without figure 'propensity')."));
    }
    Set<String> series = groups.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    for (String ser : series) {
      List<Charts.Bin> tb = bins(groups.getOrDefault(ser + "|treated", List.of()));
      List<Charts.Bin> cb = bins(groups.getOrDefault(ser + "|control", List.of()));
      List<Row> data = new ArrayList<>();
      for (String arm : List.of("treated", "control")) {
        for (Map<String, Object> r : groups.getOrDefault(ser + "|" + arm, List.of())) {
          data.add(new Row(List.of(Cell.text(arm), Cell.num(fixed(dbl(r, "x"), 3), dbl(r, "x")), ReportCounts.binCount(r) == null ? upstreamSuppressed() : count(ReportCounts.curveId(r)))));
        }
      }
      Table t = new Table("propensity_" + slug(ser), "Patients per propensity-score bin (" + ser + ")", List.of("arm", "bin_midpoint", "patients"), data, null);
      long hidden = tb.stream().filter(Charts.Bin::suppressed).count() + cb.stream().filter(Charts.Bin::suppressed).count();
      b.add(Block.figure(figure("propensity_" + slug(ser), "Propensity-score distributions (" + ser + ")",
          "Where the two arms overlap, patients could plausibly have received either device. " + (hidden == 0 ? ""
              : hidden + " bins with fewer than " + s.smallCountThreshold() + " patients are not drawn (triangles on the axis)."),
          Charts.mirroredHistogram(tb, cb, s.treatmentLabel(), s.comparatorLabel(), "bin with " + s.smallMarker() + " patients"), s.figureWidth(), s.figureHeight(), t)));
    }
    List<Map<String, Object>> design = in.rows("diagnostics").stream()
        .filter(d -> List.of("equipoise", "overlap", "propensity_auc").contains(str(d, "check"))).toList();
    for (Map<String, Object> d : design) {
      String check = str(d, "check");
      Double v = dbl(d, "value");
      String value = rc.smallShare(d) ? "withheld" : "equipoise".equals(check) ? Format.percent(v) + " of patients have a preference score between 0.3 and 0.7" : fixed(v, 2);
      String rule = d.get("pass") == null ? "informational"
          : "rule " + str(d, "threshold") + ": " + (Boolean.TRUE.equals(d.get("pass")) ? "pass" : "FAIL");
      b.add(Block.paragraph(checkLabel(check) + ": " + value + " (" + rule + "). " + meaning(d)));
    }
    if (design.isEmpty()) {
      b.add(Block.note("No equipoise or overlap diagnostics in the results."));
    }
    return new Section("propensity", "Propensity scores, overlap and equipoise",
        "The propensity score is each patient's estimated probability of receiving " + s.treatmentLabel() + " given their baseline characteristics.", b);
  }

  private List<Charts.Bin> bins(List<Map<String, Object>> rows) {
    List<Charts.Bin> out = new ArrayList<>();
    double width = binWidth(rows);
    for (Map<String, Object> r : rows) {
      double x = dbl(r, "x");
      Long n = ReportCounts.binCount(r);
      out.add(new Charts.Bin(x - width / 2, x + width / 2, n == null ? 0 : n, n == null || counts.suppressed(ReportCounts.curveId(r))));
    }
    return out;
  }

  private static double binWidth(List<Map<String, Object>> rows) {
    double w = 0.05;
    for (int i = 1; i < rows.size(); i++) {
      double d = dbl(rows.get(i), "x") - dbl(rows.get(i - 1), "x");
      if (d > 1e-9) {
        w = Math.min(w == 0.05 && i == 1 ? d : w, d);
      }
    }
    return w;
  }

  private Section estimates() {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = in.rows("estimates");
    if (rows.isEmpty()) {
      b.add(Block.note(absent("estimates") + ": no effect estimates can be shown" + reasonsNotEstimated()));
      return new Section("estimates", "Results: primary and secondary outcomes", null, b);
    }
    String primaryOutcome = primary == null ? null : str(primary, "outcome");
    List<Map<String, Object>> continuous = rows.stream().filter(r -> "continuous".equals(str(r, "outcome_kind"))).toList();
    List<Map<String, Object>> first = continuous.stream().filter(r -> Objects.equals(str(r, "outcome"), primaryOutcome)).toList();
    List<Map<String, Object>> rest = continuous.stream().filter(r -> !Objects.equals(str(r, "outcome"), primaryOutcome)).toList();
    b.add(Block.paragraph("Differences are " + s.treatmentLabel() + " minus " + s.comparatorLabel() + " in the change from baseline; for pain and disability a negative"
        + " difference means more improvement with " + s.treatmentLabel() + ". Each method answers the same question with different assumptions; agreement across methods is reassuring."));
    if (!first.isEmpty()) {
      Table t = exported(estimateTable("estimates_primary_outcome", "Primary outcome, " + outcomeLabel(primaryOutcome) + ", by estimand and method", first));
      b.add(Block.table(t));
      b.add(forest("forest_primary", "Primary outcome across methods", first, r -> estimandLabelShort(str(r, "estimand")) + ", " + methodLabel(str(r, "method")),
          primaryOutcome, t));
    }
    if (!rest.isEmpty()) {
      Table t = exported(estimateTable("estimates_secondary", "Secondary continuous outcomes", rest));
      b.add(Block.table(t));
      if (primary != null) {
        List<Map<String, Object>> same = rest.stream().filter(r -> Objects.equals(r.get("method"), primary.get("method"))
            && Objects.equals(r.get("estimand"), primary.get("estimand"))).toList();
        if (!same.isEmpty()) {
          b.add(forest("forest_secondary", "Secondary outcomes, primary method", same, r -> outcomeLabel(str(r, "outcome")), null, t));
        }
      }
    }
    List<Map<String, Object>> binary = rows.stream().filter(r -> "binary".equals(str(r, "outcome_kind"))).toList();
    b.add(Block.paragraph("Responder analysis: a responder improved by at least 30% or 2 points on the 0-10 pain scale (Ostelo 2008). Risk difference and risk ratio compare the"
        + " proportions of responders; the number needed to treat (NNT) is how many patients would need " + s.treatmentLabel() + " instead of " + s.comparatorLabel()
        + " for one more responder."));
    if (binary.isEmpty()) {
      b.add(Block.note("No responder (binary) outcomes in the estimates table."));
    } else {
      b.add(Block.table(exported(estimateTable("estimates_responder", "Responder analysis", binary))));
    }
    return new Section("estimates", "Results: primary and secondary outcomes", null, b);
  }

  private Table estimateTable(String tableId, String caption, List<Map<String, Object>> rows) {
    boolean manyOutcomes = distinct(rows, "outcome") > 1;
    boolean manyAnalyses = rows.stream().map(r -> str(r, "estimand") + "|" + str(r, "method")).distinct().count() > 1;
    boolean manyScales = distinct(rows, "scale") > 1;
    boolean anyEss = rows.stream().anyMatch(r -> dbl(r, "ess_treated") != null || dbl(r, "ess_control") != null);
    boolean anyNote = rows.stream().anyMatch(r -> withheldReason(r) != null || str(r, "note") != null);
    List<String> cols = new ArrayList<>();
    if (manyOutcomes) {
      cols.add("Outcome");
    }
    if (manyAnalyses) {
      cols.add("Analysis");
    }
    if (manyScales) {
      cols.add("Scale");
    }
    cols.addAll(List.of("Estimate", "95% CI", "p", "SE", "n " + s.treatmentLabel(), "n " + s.comparatorLabel()));
    if (anyEss) {
      cols.addAll(List.of("ESS " + s.treatmentLabel(), "ESS " + s.comparatorLabel()));
    }
    if (anyNote) {
      cols.add("Note");
    }
    List<Row> trs = new ArrayList<>();
    boolean anyWithheld = false;
    for (Map<String, Object> r : rows) {
      String withheld = withheldReason(r);
      anyWithheld |= withheld != null;
      int dec = Format.decimals(str(r, "scale"));
      Double est = withheld == null ? dbl(r, "estimate") : null;
      Double lo = withheld == null ? dbl(r, "ci_low") : null;
      Double hi = withheld == null ? dbl(r, "ci_high") : null;
      Double p = withheld == null ? dbl(r, "p_value") : null;
      Double se = withheld == null ? dbl(r, "std_error") : null;
      List<Cell> cells = new ArrayList<>();
      if (manyOutcomes) {
        cells.add(Cell.text(outcomeLabel(str(r, "outcome"))));
      }
      if (manyAnalyses) {
        cells.add(Cell.text(str(r, "estimand") + ", " + methodLabel(str(r, "method"))));
      }
      if (manyScales) {
        cells.add(Cell.text(str(r, "scale").replace('_', ' ')));
      }
      cells.add(new Cell(withheld != null ? "withheld" : fixed(est, dec), withheld != null ? "withheld" : est, withheld != null ? "num suppressed" : "num"));
      cells.add(Cell.num(ci(lo, hi, dec), lo == null ? null : List.of(lo, hi)));
      cells.add(Cell.num(pValue(p), p));
      cells.add(Cell.num(se == null ? MISSING : fixed(se, dec + 1) + (str(r, "se_method") == null ? "" : " (" + str(r, "se_method") + ")"), se));
      cells.add(count(rc.estimate(r, "treated")));
      cells.add(count(rc.estimate(r, "control")));
      if (anyEss) {
        cells.add(essCell(r, "treated", withheld != null));
        cells.add(essCell(r, "control", withheld != null));
      }
      if (anyNote) {
        cells.add(Cell.text(withheld != null ? "withheld: " + withheld : Objects.toString(str(r, "note"), "")));
      }
      trs.add(new Row(cells, Boolean.TRUE.equals(r.get("primary")) ? "primary" : ""));
    }
    Map<String, Object> first = rows.get(0);
    String fullCaption = caption + (manyAnalyses ? "" : ", " + str(first, "estimand") + ", " + methodLabel(str(first, "method")))
        + (manyScales ? "" : " (" + str(first, "scale").replace('_', ' ') + ")");
    return new Table(tableId, fullCaption, cols, trs,
        (anyWithheld ? "Withheld: fewer than " + s.smallCountThreshold() + " patients in an arm. " : "")
            + (anyEss ? "ESS = effective sample size of the weights. " : "") + "SE source in brackets."
            + (rows.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("primary"))) ? " The primary analysis is in bold." : ""));
  }

  /**
   * An estimate's effective sample size; a whole number is the n of unweighted rows, so it is
   * printed like the count it is (suppressed with it).
   */
  private Cell essCell(Map<String, Object> r, String arm, boolean withheld) {
    Double ess = dbl(r, "ess_" + arm);
    if (withheld) {
      return Cell.num(MISSING, null);
    }
    if (ReportCounts.isWholeNumber(ess)) {
      return count(rc.ess(r, arm));
    }
    return Cell.num(fixed(ess, 1), ess);
  }

  private static long distinct(List<Map<String, Object>> rows, String column) {
    return rows.stream().map(r -> Objects.toString(r.get(column), "")).distinct().count();
  }

  /** A forest plot of the drawable rows, or a note when every estimate is withheld or missing. */
  private Block forest(String figId, String title, List<Map<String, Object>> rows, java.util.function.Function<Map<String, Object>, String> label,
      String outcome, Table table) {
    List<Charts.Interval> intervals = new ArrayList<>();
    List<Row> data = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      if (withheldReason(r) != null || dbl(r, "estimate") == null || dbl(r, "ci_low") == null || dbl(r, "ci_high") == null) {
        continue;
      }
      intervals.add(new Charts.Interval(label.apply(r), dbl(r, "estimate"), dbl(r, "ci_low"), dbl(r, "ci_high"), Boolean.TRUE.equals(r.get("primary"))));
      data.add(new Row(List.of(Cell.text(label.apply(r)), Cell.num(fixed(dbl(r, "estimate"), 3), dbl(r, "estimate")),
          Cell.num(fixed(dbl(r, "ci_low"), 3), dbl(r, "ci_low")), Cell.num(fixed(dbl(r, "ci_high"), 3), dbl(r, "ci_high")))));
    }
    if (intervals.isEmpty()) {
      return Block.note(title + ": no figure, because every estimate is withheld (fewer than " + s.smallCountThreshold()
          + " patients in an arm) or missing.");
    }
    Table fd = new Table(figId + "_data", title + ": data", List.of("row", "estimate", "ci_low", "ci_high"), data, null);
    String x = outcome == null ? "difference (" + s.treatmentLabel() + " minus " + s.comparatorLabel() + "), points"
        : "difference in " + outcomeLabel(outcome) + ", points";
    int h = Math.max(220, 90 + 30 * intervals.size());
    return Block.figure(figure(figId, title, "Points are estimates, lines 95% confidence intervals; the vertical line is no difference."
        + (intervals.size() < rows.size() ? " Withheld or missing estimates are not drawn (see the table)." : ""),
        Charts.forest(intervals, x, 0, "favours " + s.treatmentLabel(), "favours " + s.comparatorLabel()), s.figureWidth(), h, fd));
  }

  private Section trajectories() {
    List<Block> b = new ArrayList<>();
    Map<String, List<Map<String, Object>>> groups = in.curveGroups("trajectory");
    if (groups.isEmpty()) {
      b.add(Block.note("No trajectories in the results (curves table absent or without figure 'trajectory')."));
      return new Section("trajectories", "Pain and disability over follow-up", null, b);
    }
    Set<String> measures = groups.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    for (String m : measures) {
      Map<String, List<Charts.Point>> byArm = new LinkedHashMap<>();
      List<Row> data = new ArrayList<>();
      // Wide table for reading: one row per day, both arms side by side.
      Map<Double, List<Cell>> wide = new java.util.TreeMap<>();
      int withheld = 0;
      for (String arm : List.of("treated", "control")) {
        List<Charts.Point> pts = new ArrayList<>();
        String armLabel = arm.equals("treated") ? s.treatmentLabel() : s.comparatorLabel();
        for (Map<String, Object> r : groups.getOrDefault(m + "|" + arm, List.of())) {
          // A null count was suppressed upstream (fewer than the compare stage's threshold).
          boolean small = lng(r, "n") == null || lng(r, "n") < s.smallCountThreshold();
          String nId = lng(r, "n") == null ? null : rc.armCount(arm, lng(r, "n"), ReportCounts.curveId(r));
          Double y = small ? null : dbl(r, "y");
          Double lo = small ? null : dbl(r, "y_low");
          Double hi = small ? null : dbl(r, "y_high");
          if (y != null) {
            pts.add(new Charts.Point(dbl(r, "x"), y, lo == null ? Double.NaN : lo, hi == null ? Double.NaN : hi));
          } else {
            withheld++;
          }
          Cell mean = new Cell(small ? "withheld" : fixed(y, 2) + (lo == null ? "" : " (" + ci(lo, hi, 2) + ")"), small ? "withheld" : y,
              small ? "num suppressed" : "num");
          Cell n = nId == null ? upstreamSuppressed() : count(nId);
          data.add(new Row(List.of(Cell.text(armLabel), Cell.num(fixed(dbl(r, "x"), 0), dbl(r, "x")), new Cell(mean.text(), mean.value(), mean.css()),
              Cell.num(ci(lo, hi, 2), lo == null ? null : List.of(lo, hi)), n)));
          List<Cell> row = wide.computeIfAbsent(dbl(r, "x"), x -> new ArrayList<>(List.of(Cell.num(fixed(x, 0), x), Cell.num(MISSING, null),
              Cell.num(MISSING, null), Cell.num(MISSING, null), Cell.num(MISSING, null))));
          int at = arm.equals("treated") ? 1 : 3;
          row.set(at, new Cell(mean.text(), mean.value(), mean.css()));
          row.set(at + 1, n);
        }
        byArm.put(armLabel, pts);
      }
      String note = withheld == 0 ? null : "Points from fewer than " + s.smallCountThreshold() + " patients are withheld.";
      Table long_ = new Table("trajectory_" + slug(m) + "_data", measureLabel(m) + ": adjusted mean by arm and day",
          List.of("Arm", "Day", "Adjusted mean", "95% CI", "Patients assessed"), data, note);
      Table t = exported(new Table("trajectory_" + slug(m), measureLabel(m) + ": adjusted mean (95% CI) and patients assessed, by day",
          List.of("Day", s.treatmentLabel() + " mean (95% CI)", "n " + s.treatmentLabel(), s.comparatorLabel() + " mean (95% CI)", "n " + s.comparatorLabel()),
          wide.values().stream().map(Row::new).toList(), note));
      b.add(Block.figure(figure("trajectory_" + slug(m), measureLabel(m) + " over follow-up", "Means by arm, weighted with the propensity weights of the primary analysis among the patients assessed on each day, with 95% confidence bands (weights held fixed), by day after device start. Descriptive: the effect estimates and their full uncertainty are in the estimates section.",
          Charts.trajectories(byArm, measureLabel(m)), s.figureWidth(), s.figureHeight(), long_)));
      b.add(Block.table(t));
    }
    return new Section("trajectories", "Pain and disability over follow-up", null, b);
  }

  private Section timeToResponse() {
    List<Block> b = new ArrayList<>();
    List<String> series = in.kmSeries();
    if (series.isEmpty()) {
      b.add(Block.note("No Kaplan-Meier curves in the results (curves table absent or without figure 'km_response')."));
    }
    for (String ser : series) {
      String suffix = series.size() == 1 && ser.equals("response") ? "" : "_" + slug(ser);
      Map<String, List<Charts.Point>> byArm = new LinkedHashMap<>();
      List<Row> data = new ArrayList<>();
      for (String arm : List.of("treated", "control")) {
        List<Charts.Point> pts = new ArrayList<>();
        for (Map<String, Object> r : in.curveGroups("km_response").getOrDefault(ser + "|" + arm, List.of())) {
          // The curve stops where fewer than the threshold remain at risk (or the count was suppressed upstream).
          if (lng(r, "n") == null || lng(r, "n") < s.smallCountThreshold()) {
            break;
          }
          Double y = dbl(r, "y");
          if (y == null) {
            continue;
          }
          Double lo = dbl(r, "y_low");
          Double hi = dbl(r, "y_high");
          pts.add(new Charts.Point(dbl(r, "x"), y, lo == null ? Double.NaN : lo, hi == null ? Double.NaN : hi));
          data.add(new Row(List.of(Cell.text(arm), Cell.num(fixed(dbl(r, "x"), 0), dbl(r, "x")), Cell.num(fixed(y, 3), y),
              Cell.num(fixed(lo, 3), lo), Cell.num(fixed(hi, 3), hi))));
        }
        byArm.put(arm.equals("treated") ? s.treatmentLabel() : s.comparatorLabel(), pts);
      }
      String what = series.size() == 1 ? "" : " (" + ser + ")";
      Table curve = new Table("km" + suffix + "_response_data", "Weighted Kaplan-Meier estimates, not yet responded" + what, List.of("arm", "day", "survival", "ci_low", "ci_high"),
          data, "Points where fewer than " + s.smallCountThreshold() + " patients remain at risk are not included.");
      b.add(Block.figure(figure("km" + suffix + "_response", "Time to first clinically important improvement" + what,
          "Proportion of patients who have not yet responded (weighted Kaplan-Meier, 95% bounds dashed); lower curves mean faster response. Curves stop where fewer than "
              + s.smallCountThreshold() + " patients remain at risk.",
          Charts.kaplanMeier(byArm, "proportion not yet responded"), s.figureWidth(), s.figureHeight(), curve)));
      List<Long> days = in.atRiskDays();
      List<Row> risk = new ArrayList<>();
      for (String arm : List.of("treated", "control")) {
        List<Cell> cells = new ArrayList<>();
        cells.add(Cell.text(arm.equals("treated") ? s.treatmentLabel() : s.comparatorLabel()));
        for (long day : days) {
          Map<String, Object> p = in.atRisk(ser, arm, day);
          String nid = rc.atRiskId(ser, arm, day);
          cells.add(p == null ? Cell.num(MISSING, null) : nid == null ? upstreamSuppressed() : count(nid));
        }
        risk.add(new Row(cells));
      }
      List<String> cols = new ArrayList<>(List.of("Numbers at risk"));
      days.forEach(d -> cols.add("day " + d));
      b.add(Block.table(exported(new Table("km" + suffix + "_numbers_at_risk", "Numbers at risk" + what + " (at the first event time on or after each day)",
          cols, risk, null))));
    }
    List<Map<String, Object>> tte = in.rows("estimates").stream().filter(r -> "time_to_event".equals(str(r, "outcome_kind"))).toList();
    if (!tte.isEmpty()) {
      b.add(Block.table(exported(estimateTable("estimates_time_to_response", "Time to response: median time and survival differences", tte))));
    }
    return new Section("response", "Time to response", null, b);
  }

  private Section whoBenefits() {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = in.rows("subgroups");
    if (rows.isEmpty()) {
      b.add(Block.note(absent("subgroups") + "."));
    } else {
      boolean sameAnalysis = distinct(rows, "outcome") == 1 && distinct(rows, "estimand") == 1 && distinct(rows, "method") == 1;
      List<String> cols = new ArrayList<>(List.of("Subgroup", "Level"));
      if (!sameAnalysis) {
        cols.addAll(List.of("Outcome", "Analysis"));
      }
      cols.addAll(List.of("Estimate", "95% CI", "n " + s.treatmentLabel(), "n " + s.comparatorLabel(), "Interaction p"));
      List<Row> trs = new ArrayList<>();
      for (Map<String, Object> r : rows) {
        boolean withheld = withheldReason(r) != null;
        List<Cell> cells = new ArrayList<>(List.of(Cell.text(str(r, "subgroup")), Cell.text(str(r, "level"))));
        if (!sameAnalysis) {
          cells.add(Cell.text(outcomeLabel(str(r, "outcome"))));
          cells.add(Cell.text(str(r, "estimand") + ", " + methodLabel(str(r, "method"))));
        }
        cells.add(new Cell(withheld ? "withheld" : fixed(dbl(r, "estimate"), 2), withheld ? "withheld" : dbl(r, "estimate"), withheld ? "num suppressed" : "num"));
        cells.add(Cell.num(withheld ? MISSING : ci(dbl(r, "ci_low"), dbl(r, "ci_high"), 2),
            withheld || dbl(r, "ci_low") == null ? null : List.of(dbl(r, "ci_low"), dbl(r, "ci_high"))));
        cells.add(count(ReportCounts.subgroupId(r, "treated")));
        cells.add(count(ReportCounts.subgroupId(r, "control")));
        cells.add(Cell.num(pValue(dbl(r, "interaction_p_value")), dbl(r, "interaction_p_value")));
        trs.add(new Row(cells));
      }
      Map<String, Object> r0 = rows.get(0);
      Table t = exported(new Table("subgroups", "Effects within pre-specified subgroups" + (sameAnalysis ? ": " + outcomeLabel(str(r0, "outcome")) + "; "
          + str(r0, "estimand") + ", " + methodLabel(str(r0, "method")) : ""), cols, trs,
          "The interaction p-value tests whether the effect differs between the levels of a subgroup; subgroup findings are exploratory. Estimates with fewer than "
              + s.smallCountThreshold() + " patients in an arm are withheld."));
      List<Map<String, Object>> plotted = rows.stream().filter(r -> primary == null || (Objects.equals(r.get("outcome"), primary.get("outcome"))
          && Objects.equals(r.get("estimand"), primary.get("estimand")) && Objects.equals(r.get("method"), primary.get("method")))).toList();
      if (plotted.isEmpty()) {
        plotted = rows;
      }
      String outcome = str(plotted.get(0), "outcome");
      b.add(forest("forest_subgroups", "Subgroups", plotted,
          r -> str(r, "subgroup") + " = " + str(r, "level") + " (n " + counts.text(ReportCounts.subgroupId(r, "treated")) + " / " + counts.text(ReportCounts.subgroupId(r, "control")) + ")", outcome, t));
      b.add(Block.table(t));
    }
    List<Map<String, Object>> em = in.rows("effect_modifiers").stream().sorted(Comparator.comparingLong(r -> lng(r, "rank"))).toList();
    if (em.isEmpty()) {
      b.add(Block.note(absent("effect_modifiers") + " (conditional-effect model)."));
    } else {
      List<Row> trs = new ArrayList<>();
      List<String> features = new ArrayList<>();
      double[] imp = new double[em.size()];
      double[] dir = new double[em.size()];
      for (int i = 0; i < em.size(); i++) {
        Map<String, Object> r = em.get(i);
        Double d = dbl(r, "direction");
        features.add(str(r, "feature"));
        imp[i] = dbl(r, "importance");
        dir[i] = d == null ? Double.NaN : d;
        String reading = d == null ? "direction not estimated" : (d < 0 ? "higher values: more improvement with " + s.treatmentLabel()
            : (d > 0 ? "higher values: less improvement with " + s.treatmentLabel() : "no change in the effect"));
        trs.add(new Row(List.of(Cell.num(String.valueOf(lng(r, "rank")), lng(r, "rank")), Cell.text(str(r, "feature")), Cell.num(fixed(dbl(r, "importance"), 3), dbl(r, "importance")),
            Cell.num(fixed(d, 3), d), Cell.text(reading))));
      }
      Table t = exported(new Table("effect_modifiers", "Which baseline features predict who benefits (conditional-effect model)",
          List.of("Rank", "Feature", "Importance", "Effect change per SD", "Reading"), trs,
          "From a doubly robust learner of the conditional effect; importance sums to 1. Exploratory: a feature that predicts benefit is a hypothesis to test, not a treatment rule."));
      b.add(Block.figure(figure("effect_modifiers", "Features that predict benefit", "Relative importance of each baseline feature in the conditional-effect model, coloured by direction.",
          Charts.importance(features, imp, dir, "more improvement with " + s.treatmentLabel() + " at higher values", "less improvement at higher values"),
          s.figureWidth(), Math.max(240, 80 + 26 * em.size()), t)));
      b.add(Block.table(t));
    }
    return new Section("benefit", "Who benefits", null, b);
  }

  private Section diagnostics() {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = in.rows("diagnostics").stream().filter(d -> !SENSITIVITY_CHECKS.contains(str(d, "check"))).toList();
    if (rows.isEmpty()) {
      b.add(Block.note(absent("diagnostics") + ": the design checks cannot be shown, so the estimates should be read with extra caution."));
      return new Section("diagnostics", "Design diagnostics", null, b);
    }
    // Imbalance before adjustment is expected without randomisation: it is what adjustment is for.
    boolean before = rows.stream().anyMatch(d -> Boolean.FALSE.equals(d.get("pass")) && "unadjusted".equals(str(d, "adjustment")));
    long failed = rows.stream().filter(d -> Boolean.FALSE.equals(d.get("pass")) && !"unadjusted".equals(str(d, "adjustment"))).count();
    b.add(Block.paragraph((before ? "Before adjustment the arms differ, as expected without randomisation. " : "")
        + (failed == 0 ? "Every check of the adjusted analyses with a pass/fail rule passed."
            : failed + " check" + (failed == 1 ? "" : "s") + " of the adjusted analyses failed; the estimates that depend on " + (failed == 1 ? "it" : "them")
                + " may be unreliable (see what each failure means).")));
    b.add(Block.table(exported(diagnosticTable("diagnostics", "Design diagnostics", rows))));
    return new Section("diagnostics", "Design diagnostics", null, b);
  }

  private Table diagnosticTable(String tableId, String caption, List<Map<String, Object>> rows) {
    List<Row> trs = new ArrayList<>();
    for (Map<String, Object> d : rows) {
      Double v = dbl(d, "value");
      Cell value;
      if (ReportCounts.COUNT_CHECKS.contains(str(d, "check")) && v != null) {
        value = count(ReportCounts.diagnosticId(d));
      } else if (ReportCounts.essArm(str(d, "check")) != null && ReportCounts.isWholeNumber(v)) {
        // A whole-number effective sample size is the n of unweighted rows.
        value = count(rc.armCount(ReportCounts.essArm(str(d, "check")), Math.round(v), ReportCounts.diagnosticId(d)));
      } else if (rc.smallShare(d)) {
        value = new Cell("withheld", "withheld", "num suppressed");
      } else {
        value = Cell.num(fixed(v, v != null && Math.abs(v) >= 100 ? 1 : 3), v);
      }
      trs.add(new Row(List.of(Cell.text(checkLabel(str(d, "check"))), Cell.text(str(d, "adjustment")), value,
          new Cell(Objects.toString(str(d, "threshold"), MISSING), str(d, "threshold"), "nowrap"), passCell(bool(d, "pass")), Cell.text(meaning(d))),
          Boolean.FALSE.equals(d.get("pass")) ? "failed" : ""));
    }
    return new Table(tableId, caption, List.of("Check", "Applies to", "Value", "Rule", "Result", "What it means"), trs, null);
  }

  /**
   * A diagnostic's explanation as shared: compare's free text with every count in it printed as the
   * registry prints it, or, for a share that stands for a few patients, a sentence saying it is withheld.
   */
  private String meaning(Map<String, Object> d) {
    if (rc.smallShare(d)) {
      return "Withheld: with the number of patients analysed this share would give a count below " + s.smallCountThreshold() + ".";
    }
    return rc.prose(d);
  }

  private Section sensitivity() {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = in.rows("diagnostics").stream().filter(d -> SENSITIVITY_CHECKS.contains(str(d, "check"))).toList();
    b.add(Block.paragraph("Sensitivity analyses ask whether the result could be an artefact: the E-value is how strongly an unmeasured factor would have to be"
        + " associated with both device choice and outcome to explain the result away; a negative-control outcome (one the device cannot affect) and a placebo treatment"
        + " should show no difference."));
    if (rows.isEmpty()) {
      b.add(Block.note("No sensitivity analyses (E-value, negative control, placebo treatment) in the diagnostics table."));
    } else {
      b.add(Block.table(exported(diagnosticTable("sensitivity", "Sensitivity analyses", rows))));
    }
    return new Section("sensitivity", "Sensitivity analyses", null, b);
  }

  private Section provenance() {
    List<Block> b = new ArrayList<>();
    JsonNode m = in.manifest();
    if (m == null) {
      b.add(Block.note("No run manifest (run.json) was found beside the results: how they were made cannot be shown."));
      return new Section("provenance", "Provenance", null, b);
    }
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.of("Tool", text(m, "tool")));
    facts.add(new Fact("Version", text(m, "version"), true));
    facts.add(new Fact("Source commit", text(m, "commit"), true));
    facts.add(Fact.of("Command", text(m, "command")));
    if (m.get("options") != null) {
      List<String> opts = new ArrayList<>();
      SharedManifest.maskedOptions(m.get("options")).fields().forEachRemaining(e -> opts.add(e.getKey() + " = " + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
      facts.add(Fact.of("Options", opts.isEmpty() ? MISSING : String.join("; ", opts)));
    }
    if (m.get("seeds") != null) {
      List<String> seeds = new ArrayList<>();
      m.get("seeds").fields().forEachRemaining(e -> seeds.add(e.getKey() + " = " + e.getValue().asText()));
      facts.add(Fact.of("Seeds", String.join("; ", seeds)));
    }
    facts.add(new Fact("Started", text(m, "started_at"), true));
    facts.add(new Fact("Finished", text(m, "finished_at"), true));
    facts.add(new Fact("Spark", text(m.get("spark"), "version") + " on " + text(m.get("spark"), "master"), true));
    facts.add(new Fact("Java", text(m.get("java"), "version") + " (" + text(m.get("java"), "vendor") + ")", true));
    b.add(Block.facts(facts));
    List<Row> inputs = new ArrayList<>();
    for (SharedManifest.Input f : SharedManifest.inputs(m)) {
      // One row per table: file names only when they are the table's own name (a vendor export may be named after a patient).
      String file = f.file() != null ? f.file() : fileCount(f) + " files";
      inputs.add(new Row(List.of(Cell.text(f.table()), Cell.text(file), Cell.num(String.valueOf(f.bytes()), f.bytes()),
          new Cell(f.checksum(), f.checksum(), "mono"))));
    }
    if (inputs.isEmpty()) {
      b.add(Block.note("The run manifest lists no input files."));
    } else {
      b.add(Block.table(exported(new Table("inputs", "Input files and checksums", List.of("Table", "File", "Bytes", "Checksum"), inputs, null))));
    }
    List<Row> stages = new ArrayList<>();
    if (m.get("stages") != null) {
      for (JsonNode st : m.get("stages")) {
        stages.add(new Row(List.of(Cell.text(st.path("stage").asText()), new Cell(fixed(st.path("seconds").asDouble(), 1), st.path("seconds").asDouble(), "num volatile"),
            new Cell(stageCounts(st.path("stage").asText(), st.path("counts")), stageCounts(st.path("stage").asText(), st.path("counts")), "mono volatile"))));
      }
    }
    if (!stages.isEmpty()) {
      b.add(Block.table(exported(new Table("stages", "Stages and timings", List.of("Stage", "Seconds", "Counts"), stages,
          "Stage counts are pipeline totals (rows processed), not shared cohort tables."))));
    }
    if (m.get("config") != null) {
      b.add(Block.paragraph("Resolved configuration:"));
      // The study's id-column names the key column; shared outputs never name patient-level columns.
      b.add(Block.code(SharedManifest.configText(m.get("config"))));
    }
    return new Section("provenance", "Provenance", "The run manifest (run.json) records how these results were made.", b);
  }

  /** A stage's row counts as "name: n", small ones marked like any other count (they may count patients). */
  private String stageCounts(String stage, JsonNode node) {
    List<String> parts = new ArrayList<>();
    node.fields().forEachRemaining(e -> {
      String id = e.getValue().isIntegralNumber() ? rc.stageCountId(stage, e.getKey()) : null;
      parts.add(e.getKey() + ": " + (id != null ? counts.text(id) : e.getValue().isIntegralNumber() && small(e.getValue().asLong()) ? s.smallMarker() : e.getValue().asText()));
    });
    return String.join(", ", parts);
  }

  // ---------------------------------------------------------------- helpers

  /** Why a table gives nothing to show: absent from the results folder, or present but empty. */
  private String absent(String table) {
    return "The " + table + " table " + (in.missing().contains(table) ? "is not in the results folder" : "is empty");
  }

  private Table exported(Table t) {
    tables.add(t);
    return t;
  }

  private Figure figure(String figId, String title, String caption, Drawable chart, int w, int h, Table data) {
    FigureRenderer.Rendered r = FigureRenderer.render(figId, chart, w, h);
    Figure f = new Figure(figId, title, caption, r.inlineSvg(), r.svgDocument(), r.png(), data);
    figures.add(f);
    return f;
  }

  /**
   * JFree's Maven group, spelled in parts: the shade plugin rewrites string literals that start with a
   * relocated package (org.jfree), which would send the lookup below to a path that does not exist.
   */
  private static final String JFREE = String.join(".", "org", "jfree");

  /** A bundled library's version from its Maven metadata (kept by the shade plugin). */
  static String libraryVersion(String group, String artifact) {
    try (java.io.InputStream in = ReportBuilder.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
      if (in == null) {
        return "(version unknown)";
      }
      java.util.Properties p = new java.util.Properties();
      p.load(in);
      return p.getProperty("version", "(version unknown)");
    } catch (java.io.IOException e) {
      return "(version unknown)";
    }
  }

  private static String text(JsonNode n, String field) {
    if (n == null || n.get(field) == null || n.get(field).isNull()) {
      return "not recorded";
    }
    return n.get(field).asText();
  }


}
