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

/** Design diagnostics: every check of the design with its rule and what a failure means. */
final class DiagnosticsSection implements ReportSection {
  @Override
  public String id() {
    return "diagnostics";
  }

  @Override
  public List<String> inputs() {
    return List.of("diagnostics");
  }

  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Map<String, Object>> rows = ctx.in.rows("diagnostics").stream().filter(d -> !ReportContext.SENSITIVITY_CHECKS.contains(str(d, "check"))).toList();
    if (rows.isEmpty()) {
      b.add(Block.note(ctx.absent("diagnostics") + ": the design checks cannot be shown, so the estimates should be read with extra caution."));
      return new Section("diagnostics", "Design diagnostics", null, b);
    }
    // Imbalance before adjustment is expected without randomisation: it is what adjustment is for.
    boolean before = rows.stream().anyMatch(d -> Boolean.FALSE.equals(d.get("pass")) && "unadjusted".equals(str(d, "adjustment")));
    long failed = rows.stream().filter(d -> Boolean.FALSE.equals(d.get("pass")) && !"unadjusted".equals(str(d, "adjustment"))).count();
    b.add(Block.paragraph((before ? "Before adjustment the arms differ, as expected without randomisation. " : "")
        + (failed == 0 ? "Every check of the adjusted analyses with a pass/fail rule passed."
            : failed + " check" + (failed == 1 ? "" : "s") + " of the adjusted analyses failed; the estimates that depend on " + (failed == 1 ? "it" : "them")
                + " may be unreliable (see what each failure means).")));
    b.add(Block.table(ctx.exported(ctx.diagnosticTable("diagnostics", "Design diagnostics", rows))));
    return new Section("diagnostics", "Design diagnostics", null, b);
  }
}
