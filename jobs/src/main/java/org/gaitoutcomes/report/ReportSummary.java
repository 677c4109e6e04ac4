package org.gaitoutcomes.report;

import java.util.List;

/** What the report stage wrote: the HTML, how many figures and export files, and what was absent or suppressed. */
public record ReportSummary(String htmlUri, int figures, int exportFiles, List<String> missingTables, long smallCells, long complementaryCells) {
  public ReportSummary {
    missingTables = List.copyOf(missingTables);
  }
}
