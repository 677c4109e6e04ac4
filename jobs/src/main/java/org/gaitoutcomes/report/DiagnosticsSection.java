package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.str;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Section;

/** Design diagnostics: every check of the design with its rule and what a failure means. */
final class DiagnosticsSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.rows("diagnostics").stream().filter(d -> !ReportContext.SENSITIVITY_CHECKS.contains(str(d, "check"))).toList();
    if (rows.isEmpty()) {
      return ReportContext.noteOnly("diagnostics", "Design diagnostics", ctx.absent("diagnostics") + ": the design checks cannot be shown, so the estimates should be read with extra caution.");
    }
    // Imbalance before adjustment is expected without randomisation: it is what adjustment is for.
    boolean before = rows.stream().anyMatch(d -> Boolean.FALSE.equals(d.get("pass")) && "unadjusted".equals(str(d, "method")));
    long failed = rows.stream().filter(d -> Boolean.FALSE.equals(d.get("pass")) && !"unadjusted".equals(str(d, "method"))).count();
    b.add(Block.paragraph((before ? "Before adjustment the arms differ, as expected without randomisation. " : "")
        + (failed == 0 ? "Every check of the adjusted analyses with a pass/fail rule passed."
            : failed + " check" + (failed == 1 ? "" : "s") + " of the adjusted analyses failed; the estimates that depend on " + (failed == 1 ? "it" : "them")
                + " may be unreliable (see what each failure means).")));
    b.add(Block.table(ctx.exported(ctx.diagnosticTable("diagnostics", "Design diagnostics", rows))));
    return new Section("diagnostics", "Design diagnostics", null, b);
  }
}
