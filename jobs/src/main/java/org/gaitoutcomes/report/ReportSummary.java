package org.gaitoutcomes.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("figures", (long) figures);
    c.put("export_files", (long) exportFiles);
    c.put("small_cells", smallCells);
    c.put("complementary_cells", complementaryCells);
    return c;
  }
}
