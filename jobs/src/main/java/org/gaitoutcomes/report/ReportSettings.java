package org.gaitoutcomes.report;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.TreeMap;
import org.gaitoutcomes.GaitException;

/** The {@code gait.report} section of the configuration (documented in {@code gait/report.conf}). */
public record ReportSettings(int smallCountThreshold, boolean suppressZero, String title, String question, String treatmentLabel,
    String comparatorLabel, Map<String, Double> importantChange, double nrsImportantChangeFraction, String baselineCovariateNrs,
    int figureWidth, int figureHeight) {

  public ReportSettings {
    if (smallCountThreshold < 2) {
      throw new GaitException("gait.report.small_count_threshold must be >= 2, got " + smallCountThreshold);
    }
    if (figureWidth < 200 || figureHeight < 150) {
      throw new GaitException("gait.report.figure_width/figure_height must be at least 200 x 150, got " + figureWidth + " x " + figureHeight);
    }
    importantChange = Map.copyOf(importantChange);
  }

  public static ReportSettings from(Config config) {
    Config r = config.getConfig("gait.report");
    Map<String, Double> important = new TreeMap<>();
    Config ic = r.getConfig("important_change");
    for (String measure : ic.root().keySet()) {
      important.put(measure, ic.getDouble(measure));
    }
    return new ReportSettings(r.getInt("small_count_threshold"), r.getBoolean("suppress_zero"), r.getString("title"), r.getString("question"),
        r.getString("treatment_label"), r.getString("comparator_label"), important, r.getDouble("nrs_important_change_fraction"),
        r.getString("baseline_covariate_nrs"), r.getInt("figure_width"), r.getInt("figure_height"));
  }

  /** The marker printed for a small count, e.g. {@code <11}. */
  public String smallMarker() {
    return "<" + smallCountThreshold;
  }
}
