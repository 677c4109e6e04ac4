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
import org.gaitoutcomes.report.privacy.SuppressedCounts;
import org.gaitoutcomes.report.charts.FigureSpec;

/** Who was included: the attrition table and flow diagram. */
final class CohortSection implements ReportSection {
  @Override
  public String id() {
    return "cohort";
  }

  @Override
  public List<String> inputs() {
    return List.of("attrition");
  }

  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.attritionRows();
    if (rows.isEmpty()) {
      b.add(Block.note(ctx.absent("attrition") + ": who was included cannot be shown."));
      return new Section("cohort", "Who was included", null, b);
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
