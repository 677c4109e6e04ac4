package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.str;
import static org.gaitoutcomes.report.Labels.estimandLabelShort;
import static org.gaitoutcomes.report.Labels.methodLabel;
import static org.gaitoutcomes.report.Labels.outcomeLabel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;

/** Results: the primary, secondary and responder estimates with their forest plots. */
final class EstimatesSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.rows("estimates");
    if (rows.isEmpty()) {
      return ReportContext.noteOnly("estimates", "Results: primary and secondary outcomes", ctx.absent("estimates") + ": no effect estimates can be shown" + ctx.reasonsNotEstimated());
    }
    String primaryOutcome = ctx.primary == null ? null : str(ctx.primary, "outcome");
    List<Map<String, Object>> continuous = rows.stream().filter(r -> "continuous".equals(str(r, "outcome_kind"))).toList();
    List<Map<String, Object>> first = continuous.stream().filter(r -> Objects.equals(str(r, "outcome"), primaryOutcome)).toList();
    List<Map<String, Object>> rest = continuous.stream().filter(r -> !Objects.equals(str(r, "outcome"), primaryOutcome)).toList();
    b.add(Block.paragraph("Differences are " + ctx.s.treatmentLabel() + " minus " + ctx.s.comparatorLabel() + " in the change from baseline; for pain and disability a negative"
        + " difference means more improvement with " + ctx.s.treatmentLabel() + ". Each method answers the same question with different assumptions; agreement across methods is reassuring."));
    if (!first.isEmpty()) {
      Table t = ctx.exported(ctx.estimateTable("estimates_primary_outcome", "Primary outcome, " + outcomeLabel(primaryOutcome) + ", by estimand and method", first));
      b.add(Block.table(t));
      b.add(ctx.forest("forest_primary", "Primary outcome across methods", first, r -> estimandLabelShort(str(r, "estimand")) + ", " + methodLabel(str(r, "method")),
          primaryOutcome, t));
    }
    if (!rest.isEmpty()) {
      Table t = ctx.exported(ctx.estimateTable("estimates_secondary", "Secondary continuous outcomes", rest));
      b.add(Block.table(t));
      if (ctx.primary != null) {
        List<Map<String, Object>> same = rest.stream().filter(r -> Objects.equals(r.get("method"), ctx.primary.get("method"))
            && Objects.equals(r.get("estimand"), ctx.primary.get("estimand"))).toList();
        if (!same.isEmpty()) {
          b.add(ctx.forest("forest_secondary", "Secondary outcomes, primary method", same, r -> outcomeLabel(str(r, "outcome")), null, t));
        }
      }
    }
    List<Map<String, Object>> binary = rows.stream().filter(r -> "binary".equals(str(r, "outcome_kind"))).toList();
    b.add(Block.paragraph("Responder analysis: a responder improved by at least 30% or 2 points on the 0-10 pain scale (Ostelo 2008). Risk difference and risk ratio compare the"
        + " proportions of responders; the number needed to treat (NNT) is how many patients would need " + ctx.s.treatmentLabel() + " instead of " + ctx.s.comparatorLabel()
        + " for one more responder."));
    if (binary.isEmpty()) {
      b.add(Block.note("No responder (binary) outcomes in the estimates table."));
    } else {
      b.add(Block.table(ctx.exported(ctx.estimateTable("estimates_responder", "Responder analysis", binary))));
    }
    return new Section("estimates", "Results: primary and secondary outcomes", null, b);
  }
}
