package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.MISSING;
import static org.gaitoutcomes.report.Format.bool;
import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.fixed;
import static org.gaitoutcomes.report.Format.str;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;
import org.gaitoutcomes.report.charts.FigureSpec;

/** Baseline characteristics and balance: Table 1 and the love plot. */
final class BalanceSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.rows("balance");
    if (rows.isEmpty()) {
      return ReportContext.noteOnly("balance", "Baseline characteristics and balance", ctx.absent("balance") + ": baseline characteristics and covariate balance cannot be shown.");
    }
    List<String> covariates = rows.stream().map(r -> str(r, "covariate")).distinct().toList();
    List<String> adjustments = rows.stream().map(r -> str(r, "adjustment")).distinct().toList();
    String after = tableOneAdjustment(ctx, adjustments);
    Set<String> hiddenMeans = covariatesWithSmallCounts(ctx, rows);
    List<Row> trs = new ArrayList<>();
    for (String cov : covariates) {
      Map<String, Object> before = balanceRow(rows, cov, "unadjusted");
      Map<String, Object> adj = after == null ? null : balanceRow(rows, cov, after);
      boolean hide = hiddenMeans.contains(cov);
      List<Cell> cells = new ArrayList<>();
      cells.add(Cell.text(cov));
      cells.addAll(meanCells(ctx, before, hide));
      cells.add(smdCell(before));
      if (after != null) {
        cells.addAll(meanCells(ctx, adj, hide));
        cells.add(smdCell(adj));
        Boolean pass = adj == null ? null : bool(adj, "pass");
        cells.add(ReportContext.passCell(pass));
      }
      trs.add(new Row(cells));
    }
    List<String> cols = new ArrayList<>(List.of("Covariate", ctx.s.treatmentLabel() + " mean (SD)", ctx.s.comparatorLabel() + " mean (SD)", "SMD before"));
    if (after != null) {
      cols.addAll(List.of(ctx.s.treatmentLabel() + " mean (SD), " + after, ctx.s.comparatorLabel() + " mean (SD), " + after, "SMD after", "Balanced (|SMD| < 0.1)"));
    }
    String note = hiddenMeans.isEmpty() ? null : "Means are hidden for " + String.join(", ", hiddenMeans) + ": a proportion there stands for fewer than "
        + ctx.s.smallCountThreshold() + " patients in an arm.";
    Table t1 = ctx.exported(new Table("table1", "Table 1. Baseline characteristics by arm before and after adjustment"
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
    b.add(Block.figure(ctx.figure("love_plot", "Love plot", "Absolute SMD of each covariate before (hollow circles) and after each adjustment; the dashed line is the 0.1 balance threshold.",
        new FigureSpec.LovePlot(covariates, smd), ctx.s.figureWidth(), h, loveData)));
    return new Section("balance", "Baseline characteristics and balance", null, b);
  }

  private static String tableOneAdjustment(ReportContext ctx, List<String> adjustments) {
    if (ctx.primary != null) {
      String method = str(ctx.primary, "method");
      String estimand = str(ctx.primary, "estimand");
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
  private static Set<String> covariatesWithSmallCounts(ReportContext ctx, List<Map<String, Object>> rows) {
    Set<String> hide = new java.util.LinkedHashSet<>();
    if (ctx.rc.treatedTotal() == null) {
      return hide;
    }
    long[] n = {ctx.counts.raw(ctx.rc.treatedTotal()), ctx.counts.raw(ctx.rc.controlTotal())};
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
        if (ctx.small(with) || ctx.small(without)) {
          hide.add(str(r, "covariate"));
        }
      }
    }
    return hide;
  }

  private static Map<String, Object> balanceRow(List<Map<String, Object>> rows, String cov, String adj) {
    return rows.stream().filter(r -> cov.equals(str(r, "covariate")) && adj.equals(str(r, "adjustment"))).findFirst().orElse(null);
  }

  private static List<Cell> meanCells(ReportContext ctx, Map<String, Object> r, boolean hide) {
    List<Cell> cells = new ArrayList<>();
    for (String arm : List.of("treated", "control")) {
      if (hide) {
        cells.add(new Cell(ctx.s.smallMarker() + " patients", ctx.s.smallMarker(), "num suppressed"));
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
}
