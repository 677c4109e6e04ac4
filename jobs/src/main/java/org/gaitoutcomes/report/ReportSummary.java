package org.gaitoutcomes.report;

import java.util.List;
import java.util.Map;
import org.gaitoutcomes.provenance.StageCounts;

/** What the report stage wrote: the HTML, how many figures and export files, and what was absent or suppressed. */
public record ReportSummary(String htmlUri, int figures, int exportFiles, List<String> missingTables, long smallCells, long complementaryCells) {
  public ReportSummary {
    missingTables = List.copyOf(missingTables);
  }

  /** One line for the log. */
  public String describe() {
    return figures + " figures, " + exportFiles + " export files, " + smallCells + " small cells suppressed";
  }

  /** The stage counts of run.json, in a fixed order. */
  public Map<String, Long> stageCounts() {
    return StageCounts.of("figures", figures, "export_files", exportFiles, "small_cells", smallCells, "complementary_cells", complementaryCells);
  }
}
