package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;

/** Sensitivity analyses: E-value, negative control and placebo treatment. */
final class SensitivitySection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.rows("diagnostics").stream().filter(d -> ReportContext.SENSITIVITY_CHECKS.contains(str(d, "check"))).toList();
    b.add(Block.paragraph("Sensitivity analyses ask whether the result could be an artefact: the E-value is how strongly an unmeasured factor would have to be"
        + " associated with both device choice and outcome to explain the result away; a negative-control outcome (one the device cannot affect) and a placebo treatment"
        + " should show no difference."));
    if (rows.isEmpty()) {
      b.add(Block.note("No sensitivity analyses (E-value, negative control, placebo treatment) in the diagnostics table."));
    } else {
      b.add(Block.table(ctx.exported(ctx.diagnosticTable("sensitivity", "Sensitivity analyses", rows))));
    }
    return new Section("sensitivity", "Sensitivity analyses", null, b);
  }
}
