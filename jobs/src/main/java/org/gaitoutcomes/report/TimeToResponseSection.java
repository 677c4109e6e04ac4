package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.MISSING;
import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.fixed;
import static org.gaitoutcomes.report.Format.lng;
import static org.gaitoutcomes.report.Format.str;
import static org.gaitoutcomes.report.Labels.slug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;
import org.gaitoutcomes.report.charts.Charts;
import org.gaitoutcomes.report.charts.FigureSpec;

/** Time to response: weighted Kaplan-Meier curves, numbers at risk and time-to-event estimates. */
final class TimeToResponseSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<String> series = ctx.in.kmSeries();
    if (series.isEmpty()) {
      b.add(Block.note("No Kaplan-Meier curves in the results (curves table absent or without figure 'km_response')."));
    }
    for (String ser : series) {
      String suffix = series.size() == 1 && ser.equals("response") ? "" : "_" + slug(ser);
      Map<String, List<Charts.Point>> byArm = new LinkedHashMap<>();
      List<Row> data = new ArrayList<>();
      for (String arm : List.of("treated", "control")) {
        List<Charts.Point> pts = new ArrayList<>();
        for (Map<String, Object> r : ctx.in.curveGroups("km_response").getOrDefault(ser + "|" + arm, List.of())) {
          // The curve stops where fewer than the threshold remain at risk (or the count was suppressed upstream).
          if (lng(r, "n") == null || lng(r, "n") < ctx.s.smallCountThreshold()) {
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
        byArm.put(arm.equals("treated") ? ctx.s.treatmentLabel() : ctx.s.comparatorLabel(), pts);
      }
      String what = series.size() == 1 ? "" : " (" + ser + ")";
      Table curve = new Table("km" + suffix + "_response_data", "Weighted Kaplan-Meier estimates, not yet responded" + what, List.of("arm", "day", "survival", "ci_low", "ci_high"),
          data, "Points where fewer than " + ctx.s.smallCountThreshold() + " patients remain at risk are not included.");
      b.add(Block.figure(ctx.figure("km" + suffix + "_response", "Time to first clinically important improvement" + what,
          "Proportion of patients who have not yet responded (weighted Kaplan-Meier, 95% bounds dashed); lower curves mean faster response. Curves stop where fewer than "
              + ctx.s.smallCountThreshold() + " patients remain at risk.",
          new FigureSpec.KaplanMeier(byArm, "proportion not yet responded"), ctx.s.figureWidth(), ctx.s.figureHeight(), curve)));
      List<Long> days = ctx.in.atRiskDays();
      List<Row> risk = new ArrayList<>();
      for (String arm : List.of("treated", "control")) {
        List<Cell> cells = new ArrayList<>();
        cells.add(Cell.text(arm.equals("treated") ? ctx.s.treatmentLabel() : ctx.s.comparatorLabel()));
        for (long day : days) {
          Map<String, Object> p = ctx.in.atRisk(ser, arm, day);
          String nid = ctx.rc.atRiskId(ser, arm, day);
          cells.add(p == null ? Cell.num(MISSING, null) : nid == null ? ctx.upstreamSuppressed() : ctx.count(nid));
        }
        risk.add(new Row(cells));
      }
      List<String> cols = new ArrayList<>(List.of("Numbers at risk"));
      days.forEach(d -> cols.add("day " + d));
      b.add(Block.table(ctx.exported(new Table("km" + suffix + "_numbers_at_risk", "Numbers at risk" + what + " (at the first event time on or after each day)",
          cols, risk, null))));
    }
    List<Map<String, Object>> tte = ctx.in.rows("estimates").stream().filter(r -> "time_to_event".equals(str(r, "outcome_kind"))).toList();
    if (!tte.isEmpty()) {
      b.add(Block.table(ctx.exported(ctx.estimateTable("estimates_time_to_response", "Time to response: median time and survival differences", tte))));
    }
    return new Section("response", "Time to response", null, b);
  }
}
