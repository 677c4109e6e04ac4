package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.MISSING;
import static org.gaitoutcomes.report.Format.ci;
import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.fixed;
import static org.gaitoutcomes.report.Format.lng;
import static org.gaitoutcomes.report.Labels.measureLabel;
import static org.gaitoutcomes.report.Labels.slug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

/** Pain and disability over follow-up: adjusted means by arm and day. */
final class TrajectoriesSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    Map<String, List<Map<String, Object>>> groups = ctx.in.curveGroups("trajectory");
    if (groups.isEmpty()) {
      return ReportContext.noteOnly("trajectories", "Pain and disability over follow-up", "No trajectories in the results (curves table absent or without figure 'trajectory').");
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
        String armLabel = arm.equals("treated") ? ctx.s.treatmentLabel() : ctx.s.comparatorLabel();
        for (Map<String, Object> r : groups.getOrDefault(m + "|" + arm, List.of())) {
          // A null count was suppressed upstream (fewer than the compare stage's threshold).
          boolean small = lng(r, "n") == null || lng(r, "n") < ctx.s.smallCountThreshold();
          String nId = lng(r, "n") == null ? null : ctx.rc.armCount(arm, lng(r, "n"), ReportCounts.curveId(r));
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
          Cell n = nId == null ? ctx.upstreamSuppressed() : ctx.count(nId);
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
      String note = withheld == 0 ? null : "Points from fewer than " + ctx.s.smallCountThreshold() + " patients are withheld.";
      Table long_ = new Table("trajectory_" + slug(m) + "_data", measureLabel(m) + ": adjusted mean by arm and day",
          List.of("Arm", "Day", "Adjusted mean", "95% CI", "Patients assessed"), data, note);
      Table t = ctx.exported(new Table("trajectory_" + slug(m), measureLabel(m) + ": adjusted mean (95% CI) and patients assessed, by day",
          List.of("Day", ctx.s.treatmentLabel() + " mean (95% CI)", "n " + ctx.s.treatmentLabel(), ctx.s.comparatorLabel() + " mean (95% CI)", "n " + ctx.s.comparatorLabel()),
          wide.values().stream().map(Row::new).toList(), note));
      b.add(Block.figure(ctx.figure("trajectory_" + slug(m), measureLabel(m) + " over follow-up", "Means by arm, weighted with the propensity weights of the primary analysis among the patients assessed on each day, with 95% confidence bands (weights held fixed), by day after device start. Descriptive: the effect estimates and their full uncertainty are in the estimates section.",
          new FigureSpec.Trajectories(byArm, measureLabel(m)), ctx.s.figureWidth(), ctx.s.figureHeight(), long_)));
      b.add(Block.table(t));
    }
    return new Section("trajectories", "Pain and disability over follow-up", null, b);
  }
}
