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

/** Sensitivity analyses: E-value, negative control and placebo treatment. */
final class SensitivitySection implements ReportSection {
  @Override
  public String id() {
    return "sensitivity";
  }

  @Override
  public List<String> inputs() {
    return List.of("diagnostics");
  }

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
