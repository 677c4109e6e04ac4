package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.fixed;
import static org.gaitoutcomes.report.Format.str;
import static org.gaitoutcomes.report.Labels.estimandLabel;
import static org.gaitoutcomes.report.Labels.methodLabel;
import static org.gaitoutcomes.report.Labels.outcomeLabel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Fact;
import org.gaitoutcomes.report.ReportDocument.Section;

/** The study summary: question, comparison, design, primary analysis, follow-up, methods, data sources and software. */
final class StudySummarySection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.of("Question", ctx.s.question()));
    facts.add(Fact.of("Comparison", ctx.s.treatmentLabel() + " (treatment) vs " + ctx.s.comparatorLabel() + " (comparator); differences are "
        + ctx.s.treatmentLabel() + " minus " + ctx.s.comparatorLabel() + "."));
    facts.add(Fact.of("Design", "Observational comparison of routinely collected data, adjusted for measured baseline differences"
        + " (propensity-score weighting, matching, outcome regression and doubly robust estimators). It cannot rule out unmeasured differences."));
    if (ctx.primary != null) {
      facts.add(Fact.of("Primary analysis", outcomeLabel(str(ctx.primary, "outcome")) + "; " + estimandLabel(str(ctx.primary, "estimand")) + "; "
          + methodLabel(str(ctx.primary, "method"))));
    }
    List<Long> days = ctx.in.followUpDays();
    facts.add(Fact.of("Follow-up schedule", days.isEmpty() ? "not available (no outcomes in the results)"
        : (days.size() == 1 ? "day " : "days ") + days.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " after device start (day 0)"
            + weeks(days)));
    Set<String> methods = ctx.in.rows("estimates").stream().map(r -> str(r, "method")).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    if (!methods.isEmpty()) {
      facts.add(Fact.of("Methods", methods.stream().map(Labels::methodLabel).collect(Collectors.joining("; "))));
    }
    Set<String> covariates = ctx.in.rows("balance").stream().map(r -> str(r, "covariate")).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    if (!covariates.isEmpty()) {
      facts.add(Fact.of("Adjusted for", String.join(", ", covariates)));
    }
    Set<String> subgroups = ctx.in.rows("subgroups").stream().map(r -> str(r, "subgroup")).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    if (!subgroups.isEmpty()) {
      facts.add(Fact.of("Pre-specified subgroups", String.join(", ", subgroups)));
    }
    JsonNode m = ctx.in.manifest();
    facts.add(Fact.of("Data sources", dataSources(ctx)));
    String analysis = m == null ? "analysis software not recorded (no run manifest)"
        : "gait-outcomes " + ReportContext.text(m, "version") + " (commit " + ReportContext.text(m, "commit") + "), Apache Spark " + ReportContext.text(m.get("spark"), "version")
            + ", Java " + ReportContext.text(m.get("java"), "version");
    facts.add(new Fact("Software", analysis + "; report figures by JFreeChart " + ReportContext.libraryVersion(ReportContext.JFREE, "jfreechart") + " with JFreeSVG "
        + ReportContext.libraryVersion(ReportContext.JFREE, ReportContext.JFREE + ".svg") + ", layout by JMustache " + ReportContext.libraryVersion("com.samskivert", "jmustache"), true));
    b.add(Block.facts(facts));
    return new Section("summary", "Study summary", null, b);
  }

  private static String weeks(List<Long> days) {
    if (days.stream().allMatch(d -> d % 7 == 0)) {
      return ", i.e. " + (days.size() == 1 ? "week " : "weeks ") + days.stream().map(d -> String.valueOf(d / 7)).collect(Collectors.joining(", "));
    }
    return "";
  }

  private static String dataSources(ReportContext ctx) {
    JsonNode m = ctx.in.manifest();
    if (m == null || m.get("inputs") == null || m.get("inputs").isEmpty()) {
      return "not recorded (no run manifest with inputs found)";
    }
    // File counts go through the registry: the number of vendor scan files can count patients.
    return SharedManifest.inputs(m).stream().map(f -> f.table() + " (" + ctx.fileCount(f)
        + (f.files() == 1 ? " file, " : " files, ") + bytes(f.bytes()) + ")").collect(Collectors.joining("; ")) + "; checksums under Provenance";
  }

  private static String bytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    if (b < 1024 * 1024) {
      return fixed(b / 1024.0, 1) + " KiB";
    }
    return fixed(b / (1024.0 * 1024), 1) + " MiB";
  }
}
