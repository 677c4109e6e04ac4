package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.MISSING;
import static org.gaitoutcomes.report.Format.ci;
import static org.gaitoutcomes.report.Format.dbl;
import static org.gaitoutcomes.report.Format.fixed;
import static org.gaitoutcomes.report.Format.lng;
import static org.gaitoutcomes.report.Format.pValue;
import static org.gaitoutcomes.report.Format.str;
import static org.gaitoutcomes.report.Labels.methodLabel;
import static org.gaitoutcomes.report.Labels.outcomeLabel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;
import org.gaitoutcomes.report.charts.FigureSpec;

/** Who benefits: pre-specified subgroups and the effect modifiers of the conditional-effect model. */
final class WhoBenefitsSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.rows("subgroups");
    if (rows.isEmpty()) {
      b.add(Block.note(ctx.absent("subgroups") + "."));
    } else {
      boolean sameAnalysis = ReportContext.distinct(rows, "outcome") == 1 && ReportContext.distinct(rows, "estimand") == 1 && ReportContext.distinct(rows, "method") == 1;
      List<String> cols = new ArrayList<>(List.of("Subgroup", "Level"));
      if (!sameAnalysis) {
        cols.addAll(List.of("Outcome", "Analysis"));
      }
      cols.addAll(List.of("Estimate", "95% CI", "n " + ctx.s.treatmentLabel(), "n " + ctx.s.comparatorLabel(), "Interaction p"));
      List<Row> trs = new ArrayList<>();
      for (Map<String, Object> r : rows) {
        boolean withheld = ctx.withheldReason(r) != null;
        List<Cell> cells = new ArrayList<>(List.of(Cell.text(str(r, "subgroup")), Cell.text(str(r, "level"))));
        if (!sameAnalysis) {
          cells.add(Cell.text(outcomeLabel(str(r, "outcome"))));
          cells.add(Cell.text(str(r, "estimand") + ", " + methodLabel(str(r, "method"))));
        }
        cells.add(new Cell(withheld ? "withheld" : fixed(dbl(r, "estimate"), 2), withheld ? "withheld" : dbl(r, "estimate"), withheld ? "num suppressed" : "num"));
        cells.add(Cell.num(withheld ? MISSING : ci(dbl(r, "ci_low"), dbl(r, "ci_high"), 2),
            withheld || dbl(r, "ci_low") == null ? null : List.of(dbl(r, "ci_low"), dbl(r, "ci_high"))));
        cells.add(ctx.count(ReportCounts.subgroupId(r, "treated")));
        cells.add(ctx.count(ReportCounts.subgroupId(r, "control")));
        cells.add(Cell.num(pValue(dbl(r, "interaction_p_value")), dbl(r, "interaction_p_value")));
        trs.add(new Row(cells));
      }
      Map<String, Object> r0 = rows.get(0);
      Table t = ctx.exported(new Table("subgroups", "Effects within pre-specified subgroups" + (sameAnalysis ? ": " + outcomeLabel(str(r0, "outcome")) + "; "
          + str(r0, "estimand") + ", " + methodLabel(str(r0, "method")) : ""), cols, trs,
          "The interaction p-value tests whether the effect differs between the levels of a subgroup; subgroup findings are exploratory. Estimates with fewer than "
              + ctx.s.smallCountThreshold() + " patients in an arm are withheld."));
      List<Map<String, Object>> plotted = rows.stream().filter(r -> ctx.primary == null || (Objects.equals(r.get("outcome"), ctx.primary.get("outcome"))
          && Objects.equals(r.get("estimand"), ctx.primary.get("estimand")) && Objects.equals(r.get("method"), ctx.primary.get("method")))).toList();
      if (plotted.isEmpty()) {
        plotted = rows;
      }
      String outcome = str(plotted.get(0), "outcome");
      b.add(ctx.forest("forest_subgroups", "Subgroups", plotted,
          r -> str(r, "subgroup") + " = " + str(r, "level") + " (n " + ctx.counts.text(ReportCounts.subgroupId(r, "treated")) + " / " + ctx.counts.text(ReportCounts.subgroupId(r, "control")) + ")", outcome, t));
      b.add(Block.table(t));
    }
    List<Map<String, Object>> em = ctx.in.rows("effect_modifiers").stream().sorted(Comparator.comparingLong(r -> lng(r, "rank"))).toList();
    if (em.isEmpty()) {
      b.add(Block.note(ctx.absent("effect_modifiers") + " (conditional-effect model)."));
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
        String reading = d == null ? "direction not estimated" : (d < 0 ? "higher values: more improvement with " + ctx.s.treatmentLabel()
            : (d > 0 ? "higher values: less improvement with " + ctx.s.treatmentLabel() : "no change in the effect"));
        trs.add(new Row(List.of(Cell.num(String.valueOf(lng(r, "rank")), lng(r, "rank")), Cell.text(str(r, "feature")), Cell.num(fixed(dbl(r, "importance"), 3), dbl(r, "importance")),
            Cell.num(fixed(d, 3), d), Cell.text(reading))));
      }
      Table t = ctx.exported(new Table("effect_modifiers", "Which baseline features predict who benefits (conditional-effect model)",
          List.of("Rank", "Feature", "Importance", "Effect change per SD", "Reading"), trs,
          "From a doubly robust learner of the conditional effect; importance sums to 1. Exploratory: a feature that predicts benefit is a hypothesis to test, not a treatment rule."));
      b.add(Block.figure(ctx.figure("effect_modifiers", "Features that predict benefit", "Relative importance of each baseline feature in the conditional-effect model, coloured by direction.",
          new FigureSpec.Importance(features, imp, dir, "more improvement with " + ctx.s.treatmentLabel() + " at higher values", "less improvement at higher values"),
          ctx.s.figureWidth(), Math.max(240, 80 + 26 * em.size()), t)));
      b.add(Block.table(t));
    }
    return new Section("benefit", "Who benefits", null, b);
  }
}
