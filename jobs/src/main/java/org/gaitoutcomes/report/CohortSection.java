package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.lng;
import static org.gaitoutcomes.report.Format.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;
import org.gaitoutcomes.report.charts.FigureSpec;

/** Who was included: the attrition table and flow diagram. */
final class CohortSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.attritionRows();
    if (rows.isEmpty()) {
      return ReportContext.noteOnly("cohort", "Who was included", ctx.absent("attrition") + ": who was included cannot be shown.");
    }
    List<FigureSpec.Flow.Step> steps = new ArrayList<>();
    List<Row> trs = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      long k = lng(r, "step");
      String rem = ReportCounts.id("attrition", k, "remaining");
      String exc = ReportCounts.id("attrition", k, "excluded");
      String t = ReportCounts.id("attrition", k, "treated");
      String c = ReportCounts.id("attrition", k, "control");
      steps.add(new FigureSpec.Flow.Step(str(r, "description"), ctx.counts.text(rem), ctx.counts.text(t), ctx.counts.text(c), ctx.counts.text(exc)));
      trs.add(new Row(List.of(Cell.num(String.valueOf(k), k), Cell.text(str(r, "rule")), Cell.text(str(r, "description")),
          ctx.count(exc), ctx.count(rem), ctx.count(t), ctx.count(c))));
    }
    Table t = new Table("attrition", "Patients remaining after each cohort rule, by arm",
        List.of("Step", "Rule", "Description", "Excluded", "Remaining", ctx.s.treatmentLabel(), ctx.s.comparatorLabel()), trs, null);
    b.add(Block.figure(ctx.figure("attrition_flow", "Attrition flow", "Each box gives the patients remaining after a cohort rule; side boxes give the patients the rule excluded.",
        new FigureSpec.Flow(steps, ctx.s.treatmentLabel(), ctx.s.comparatorLabel()), ctx.s.figureWidth(), FigureSpec.Flow.heightFor(steps.size()), t)));
    b.add(Block.table(ctx.exported(t)));
    return new Section("cohort", "Who was included", null, b);
  }
}
