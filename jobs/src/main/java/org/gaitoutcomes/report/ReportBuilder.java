package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.str;
import static org.gaitoutcomes.report.Labels.estimandLabel;
import static org.gaitoutcomes.report.Labels.methodLabel;
import static org.gaitoutcomes.report.Labels.outcomeLabel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.privacy.SuppressedCounts;

/**
 * Turns the result tables and the run manifest into a {@link ReportDocument}: registers every
 * patient count with the relations between them and suppresses small cells once for the whole report
 * ({@link ReportContext}), then asks each registered section ({@link ReportSections}) for its tables,
 * text and figure specifications, built from the suppressed values only. Never invents a number: an
 * absent table or value is said to be absent. Renders nothing: {@link ReportRenderer} does.
 */
final class ReportBuilder {
  private static final Pattern CHANGE = Pattern.compile("(nrs|odi|rmdq)_change_d(\\d+)");

  private final ReportContext ctx;

  ReportBuilder(ReportInputs in, ReportSettings s) {
    this.ctx = new ReportContext(in, s);
  }

  ReportDocument build() {
    ReportInputs in = ctx.in;
    ReportSettings s = ctx.s;
    List<Section> sections = new ArrayList<>();
    for (ReportSections.Registered registered : ReportSections.ALL) {
      sections.add(registered.section().build(ctx));
    }
    List<String> warnings = ctx.warnings;
    if (!in.missing().isEmpty()) {
      warnings.add("Not in the results folder, so not reported: " + String.join(", ", in.missing()) + ".");
    }
    long[] suppressed = ctx.counts.suppressedCounts();
    String privacy = "Aggregates only. Counts below " + s.smallCountThreshold() + (s.suppressZero() ? " (zero included)" : " (zero shown)")
        + " are shown as \"" + s.smallMarker() + "\"; other counts are shown as \"" + SuppressedCounts.HIDDEN
        + "\" where they would let a small count be worked out from totals (complementary suppression). Estimates with fewer than "
        + s.smallCountThreshold() + " patients in an arm are withheld. In this report: " + suppressed[0] + " small and " + suppressed[1]
        + " complementary cells suppressed. The same rules apply to every export, to the figures and to the shared run.json copy, and to counts"
        + " inside text and numbers a count follows from (effective sample sizes of unweighted rows, shares of patients).";
    return new ReportDocument(s.title(), mainFinding(), primaryLabel(), warnings, sections, ctx.tables, ctx.figures, privacy, suppressed[0], suppressed[1],
        in.manifest() == null ? null : SharedManifest.of(in.manifest(), ctx.rc));
  }

  private String primaryLabel() {
    if (ctx.primary == null) {
      return null;
    }
    return "Primary analysis: " + outcomeLabel(str(ctx.primary, "outcome")) + "; " + estimandLabel(str(ctx.primary, "estimand")) + "; method "
        + methodLabel(str(ctx.primary, "method")) + ".";
  }

  private String mainFinding() {
    if (ctx.primary == null) {
      if (ctx.in.table("estimates").isPresent() && ctx.in.rows("estimates").isEmpty()) {
        return "No effect could be estimated from these data, so there is no main finding to state" + ctx.reasonsNotEstimated() + " The counts of who was included are below.";
      }
      return ctx.in.table("estimates").isPresent() ? "No estimate is marked as the primary analysis, so there is no main finding to state."
          : "The estimates table is missing, so there is no main finding to state" + ctx.reasonsNotEstimated();
    }
    String withheld = ctx.withheldReason(ctx.primary);
    List<String> failed = ctx.in.rows("diagnostics").stream()
        .filter(d -> Boolean.FALSE.equals(d.get("pass")) && relevantTo(d, str(ctx.primary, "estimand")))
        .map(d -> str(d, "check") + ("design".equals(str(d, "adjustment")) ? "" : " (" + str(d, "adjustment") + ")"))
        .toList();
    return PlainLanguage.sentence(new PlainLanguage.Primary(str(ctx.primary, "outcome"), str(ctx.primary, "estimand"),
        withheld == null ? dbl(ctx.primary, "estimate") : null, dbl(ctx.primary, "ci_low"), dbl(ctx.primary, "ci_high"),
        importantChange(str(ctx.primary, "outcome")), failed, withheld, ctx.s.treatmentLabel(), ctx.s.comparatorLabel()));
  }

  /**
   * Diagnostics that bear on an estimand: all but those of the unadjusted comparison (imbalance
   * before adjustment is expected) and those of another estimand's adjustment (e.g. matching's ATT
   * for an ATE), read from the row's structured method and estimand.
   */
  static boolean relevantTo(Map<String, Object> d, String estimand) {
    if ("unadjusted".equals(str(d, "method"))) {
      return false;
    }
    String applies = str(d, "estimand");
    return applies == null || applies.equals(estimand);
  }

  /** The important change on the outcome's scale: NRS min(points, fraction x baseline mean) (Ostelo 2008). */
  Double importantChange(String outcome) {
    Matcher m = CHANGE.matcher(outcome);
    if (!m.matches()) {
      return null;
    }
    Double points = ctx.s.importantChange().get(m.group(1));
    if (points != null && m.group(1).equals("nrs")) {
      Double baseline = baselineNrs();
      if (baseline != null) {
        return Math.min(points, ctx.s.nrsImportantChangeFraction() * baseline);
      }
    }
    return points;
  }

  private Double baselineNrs() {
    return ctx.in.rows("balance").stream()
        .filter(r -> ctx.s.baselineCovariateNrs().equals(str(r, "covariate")) && "unadjusted".equals(str(r, "adjustment")))
        .filter(r -> dbl(r, "mean_treated") != null && dbl(r, "mean_control") != null)
        .map(r -> (dbl(r, "mean_treated") + dbl(r, "mean_control")) / 2).findFirst().orElse(null);
  }
}
