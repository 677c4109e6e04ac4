package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.fixed;
import static org.gaitoutcomes.report.Format.str;
import static org.gaitoutcomes.report.Labels.checkLabel;
import static org.gaitoutcomes.report.Labels.slug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;
import org.gaitoutcomes.report.charts.Charts;
import org.gaitoutcomes.report.charts.FigureSpec;

/** Propensity scores, overlap and equipoise: mirrored histograms and the design diagnostics on overlap. */
final class PropensitySection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    Map<String, List<Map<String, Object>>> groups = ctx.in.curveGroups("propensity");
    if (groups.isEmpty()) {
      b.add(Block.note("No propensity-score histograms in the results (curves table absent or without figure 'propensity')."));
    }
    Set<String> series = groups.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    for (String ser : series) {
      List<Charts.Bin> tb = bins(ctx, groups.getOrDefault(ser + "|treated", List.of()));
      List<Charts.Bin> cb = bins(ctx, groups.getOrDefault(ser + "|control", List.of()));
      List<Row> data = new ArrayList<>();
      for (String arm : List.of("treated", "control")) {
        for (Map<String, Object> r : groups.getOrDefault(ser + "|" + arm, List.of())) {
          data.add(new Row(List.of(Cell.text(arm), Cell.num(fixed(dbl(r, "x"), 3), dbl(r, "x")), ReportCounts.binCount(r) == null ? ctx.upstreamSuppressed() : ctx.count(ReportCounts.curveId(r)))));
        }
      }
      Table t = new Table("propensity_" + slug(ser), "Patients per propensity-score bin (" + ser + ")", List.of("arm", "bin_midpoint", "patients"), data, null);
      long hidden = tb.stream().filter(Charts.Bin::suppressed).count() + cb.stream().filter(Charts.Bin::suppressed).count();
      b.add(Block.figure(ctx.figure("propensity_" + slug(ser), "Propensity-score distributions (" + ser + ")",
          "Where the two arms overlap, patients could plausibly have received either device. " + (hidden == 0 ? ""
              : hidden + " bins with fewer than " + ctx.s.smallCountThreshold() + " patients are not drawn (triangles on the axis)."),
          new FigureSpec.MirroredHistogram(tb, cb, ctx.s.treatmentLabel(), ctx.s.comparatorLabel(), "bin with " + ctx.s.smallMarker() + " patients"), ctx.s.figureWidth(), ctx.s.figureHeight(), t)));
    }
    List<Map<String, Object>> design = ctx.in.rows("diagnostics").stream()
        .filter(d -> List.of("equipoise", "overlap", "propensity_auc").contains(str(d, "check"))).toList();
    for (Map<String, Object> d : design) {
      String check = str(d, "check");
      Double v = dbl(d, "value");
      String value = ctx.rc.smallShare(d) ? "withheld" : "equipoise".equals(check) ? Format.percent(v) + " of patients have a preference score between 0.3 and 0.7" : fixed(v, 2);
      String rule = d.get("pass") == null ? "informational"
          : "rule " + str(d, "threshold") + ": " + (Boolean.TRUE.equals(d.get("pass")) ? "pass" : "FAIL");
      b.add(Block.paragraph(checkLabel(check) + ": " + value + " (" + rule + "). " + ctx.meaning(d)));
    }
    if (design.isEmpty()) {
      b.add(Block.note("No equipoise or overlap diagnostics in the results."));
    }
    return new Section("propensity", "Propensity scores, overlap and equipoise",
        "The propensity score is each patient's estimated probability of receiving " + ctx.s.treatmentLabel() + " given their baseline characteristics.", b);
  }

  private static List<Charts.Bin> bins(ReportContext ctx, List<Map<String, Object>> rows) {
    List<Charts.Bin> out = new ArrayList<>();
    double width = binWidth(rows);
    for (Map<String, Object> r : rows) {
      double x = dbl(r, "x");
      Long n = ReportCounts.binCount(r);
      out.add(new Charts.Bin(x - width / 2, x + width / 2, n == null ? 0 : n, n == null || ctx.counts.suppressed(ReportCounts.curveId(r))));
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
}
