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
import static org.gaitoutcomes.report.Labels.methodLabel;
import static org.gaitoutcomes.report.Labels.outcomeLabel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;
import org.gaitoutcomes.report.charts.Charts;
import org.gaitoutcomes.report.privacy.SuppressedCounts;
import org.gaitoutcomes.report.charts.FigureSpec;

/**
 * What every {@link ReportSection} builds from, and what they share: the inputs, the settings, the
 * suppressed counts (read by id: {@link ReportCounts} makes the ids), the primary estimate, and the
 * helpers that print a count, a withheld estimate, an estimate table, a diagnostics table or a forest plot
 * the same way in every section. Collects the tables to export and the figures to render; renders nothing.
 */
final class ReportContext {
  static final Set<String> SENSITIVITY_CHECKS = Set.of("negative_control", "placebo_treatment", "e_value");
  /**
   * JFree's Maven group, spelled in parts: the shade plugin rewrites string literals that start with a
   * relocated package (org.jfree), which would send the lookup below to a path that does not exist.
   */
  static final String JFREE = String.join(".", "org", "jfree");

  final ReportInputs in;
  final ReportSettings s;
  final ReportCounts rc;
  /** The suppressed counts, read by id ({@link ReportCounts} makes the ids). */
  final SuppressedCounts counts;
  /** The estimate marked primary, or null. */
  final Map<String, Object> primary;
  final List<String> warnings = new ArrayList<>();
  final List<Table> tables = new ArrayList<>();
  final List<Figure> figures = new ArrayList<>();

  ReportContext(ReportInputs in, ReportSettings s) {
    this.in = in;
    this.s = s;
    this.rc = new ReportCounts(in, s, warnings);
    this.counts = rc.counts();
    this.primary = in.rows("estimates").stream().filter(r -> Boolean.TRUE.equals(r.get("primary"))).findFirst().orElse(null);
  }

  /**
   * Why nothing (or not everything) could be estimated, from the diagnostics that failed (e.g. a
   * nuisance model that did not converge, a covariate that separates the arms): ": REASON; REASON."
   * with counts in them as the registry prints them, or "." when the diagnostics say nothing.
   */
  String reasonsNotEstimated() {
    List<String> reasons = in.rows("diagnostics").stream()
        .filter(d -> Boolean.FALSE.equals(d.get("pass")) && !"unadjusted".equals(str(d, "method")) && !SENSITIVITY_CHECKS.contains(str(d, "check")))
        .map(d -> checkLabel(str(d, "check")) + (str(d, "adjustment") == null || "design".equals(str(d, "adjustment")) ? "" : " (" + str(d, "adjustment") + ")")
            + (meaning(d) == null ? "" : ": " + meaning(d).replaceAll("[.\\s]+$", "")))
        .distinct().toList();
    if (reasons.isEmpty()) {
      return in.table("diagnostics").isPresent() ? "; the diagnostics record no failed check that says why." : ".";
    }
    return ". What could not be estimated, and why: " + String.join("; ", reasons) + ".";
  }

  String withheldReason(Map<String, Object> r) {
    if (lng(r, "n_treated") < s.smallCountThreshold() || lng(r, "n_control") < s.smallCountThreshold()) {
      return "fewer than " + s.smallCountThreshold() + " patients in an arm";
    }
    return null;
  }

  /** How many files an input table has, as the registry prints it (vendor scan files count patients). */
  String fileCount(SharedManifest.Input f) {
    String id = rc.stageCountId("inputs", f.table() + ".files");
    return id == null ? String.valueOf(f.files()) : counts.text(id);
  }

  /** A count the compare stage already suppressed (null in the results): printed as small. */
  Cell upstreamSuppressed() {
    return new Cell(s.smallMarker(), s.smallMarker(), "num suppressed");
  }

  Cell count(String countId) {
    return new Cell(counts.text(countId), counts.value(countId), counts.suppressed(countId) ? "num suppressed" : "num");
  }

  boolean small(long n) {
    return n < s.smallCountThreshold() && (s.suppressZero() || n > 0);
  }

  static Cell passCell(Boolean pass) {
    if (pass == null) {
      return new Cell("info", null, "info");
    }
    return new Cell(pass ? "pass" : "FAIL", pass, pass ? "pass" : "fail");
  }

  Table estimateTable(String tableId, String caption, List<Map<String, Object>> rows) {
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
  Cell essCell(Map<String, Object> r, String arm, boolean withheld) {
    Double ess = dbl(r, "ess_" + arm);
    if (withheld) {
      return Cell.num(MISSING, null);
    }
    if (ReportCounts.isWholeNumber(ess)) {
      return count(rc.ess(r, arm));
    }
    return Cell.num(fixed(ess, 1), ess);
  }

  static long distinct(List<Map<String, Object>> rows, String column) {
    return rows.stream().map(r -> Objects.toString(r.get(column), "")).distinct().count();
  }

  /** A forest plot of the drawable rows, or a note when every estimate is withheld or missing. */
  Block forest(String figId, String title, List<Map<String, Object>> rows, java.util.function.Function<Map<String, Object>, String> label,
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
        new FigureSpec.Forest(intervals, x, 0, "favours " + s.treatmentLabel(), "favours " + s.comparatorLabel()), s.figureWidth(), h, fd));
  }

  Table diagnosticTable(String tableId, String caption, List<Map<String, Object>> rows) {
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
  String meaning(Map<String, Object> d) {
    if (rc.smallShare(d)) {
      return "Withheld: with the number of patients analysed this share would give a count below " + s.smallCountThreshold() + ".";
    }
    return rc.prose(d);
  }

  /** A section with nothing to show but {@code note} (why it is empty). */
  static Section noteOnly(String id, String title, String note) {
    return new Section(id, title, null, List.of(Block.note(note)));
  }

  /** Why a table gives nothing to show: absent from the results folder, or present but empty. */
  String absent(String table) {
    return "The " + table + " table " + (in.missing().contains(table) ? "is not in the results folder" : "is empty");
  }

  Table exported(Table t) {
    tables.add(t);
    return t;
  }

  Figure figure(String figId, String title, String caption, FigureSpec chart, int w, int h, Table data) {
    Figure f = new Figure(figId, title, caption, chart, w, h, data);
    figures.add(f);
    return f;
  }

  /** A bundled library's version from its Maven metadata (kept by the shade plugin). */
  static String libraryVersion(String group, String artifact) {
    try (java.io.InputStream in = ReportContext.class.getClassLoader()
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

  static String text(JsonNode n, String field) {
    if (n == null || n.get(field) == null || n.get(field).isNull()) {
      return "not recorded";
    }
    return n.get(field).asText();
  }
}
