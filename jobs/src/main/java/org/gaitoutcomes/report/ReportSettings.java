package org.gaitoutcomes.report;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.TreeMap;
import org.gaitoutcomes.GaitException;

/** The {@code gait.report} section of the configuration (documented in {@code gait/report.conf}), with the arms' names of {@code gait.study}. */
public record ReportSettings(int smallCountThreshold, boolean suppressZero, String title, String question, String treatmentLabel,
    String comparatorLabel, Map<String, Double> importantChange, double nrsImportantChangeFraction, String baselineCovariateNrs,
    int figureWidth, int figureHeight) {

  public ReportSettings {
    if (smallCountThreshold < 2) {
      throw new GaitException("gait.report.disclosure-threshold must be >= 2, got " + smallCountThreshold);
    }
    if (figureWidth < 200 || figureHeight < 150) {
      throw new GaitException("gait.report.figure-width/figure-height must be at least 200 x 150, got " + figureWidth + " x " + figureHeight);
    }
    importantChange = Map.copyOf(importantChange);
  }

  public static ReportSettings from(Config config) {
    Config r = config.getConfig("gait.report");
    Map<String, Double> important = new TreeMap<>();
    Config ic = r.getConfig("important-change");
    for (String measure : ic.root().keySet()) {
      important.put(measure, ic.getDouble(measure));
    }
    return new ReportSettings(r.getInt("disclosure-threshold"), r.getBoolean("suppress-zero"), r.getString("title"), r.getString("question"),
        config.getString("gait.study.treatment-label"), config.getString("gait.study.comparator-label"), important, r.getDouble("nrs-important-change-fraction"),
        r.getString("baseline-covariate-nrs"), r.getInt("figure-width"), r.getInt("figure-height"));
  }

  /** The marker printed for a small count, e.g. {@code <11}. */
  public String smallMarker() {
    return "<" + smallCountThreshold;
  }
}
