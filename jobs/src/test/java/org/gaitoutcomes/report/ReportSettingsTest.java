package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportSettingsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    ReportSettings s = ReportSettings.from(Settings.defaults());
    assertEquals(11, s.smallCountThreshold());
    assertFalse(s.suppressZero());
    assertEquals("<11", s.smallMarker());
    assertEquals(Map.of("nrs", 2.0, "odi", 10.0, "rmdq", 5.0), s.importantChange());
    assertEquals(0.30, s.nrsImportantChangeFraction());
    assertEquals("nrs_baseline", s.baselineCovariateNrs());
  }

  @Test
  void everyReportKeyIsDocumentedWithAComment() {
    // Keys of the section sit at two spaces of indent; each has its own comment line right above it.
    String[] lines = ReportRenderer.resource("gait/report.conf").split("\n");
    int keys = 0;
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].matches("  [a-z-]+ .*")) {
        keys++;
        assertTrue(lines[i - 1].trim().startsWith("#"), "undocumented key: " + lines[i].trim());
      }
    }
    assertEquals(Settings.defaults().getConfig("gait.report").root().size(), keys);
  }

  @Test
  void userFileOverridesAndBadValuesFail(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("study.conf");
    // The keys' old names (snake_case, the labels' old section) still work, each with a deprecation warning.
    Files.writeString(f, "gait.report { small_count_threshold = 5, suppress_zero = true, treatment_label = \"custom insoles\" }");
    ReportSettings s = ReportSettings.from(Settings.load(new Configuration(), f.toString(), Map.of()));
    assertEquals(5, s.smallCountThreshold());
    assertTrue(s.suppressZero());
    assertEquals("custom insoles", s.treatmentLabel());
    Files.writeString(f, "gait.report.disclosure-threshold = 1");
    GaitException e = assertThrows(GaitException.class, () -> ReportSettings.from(Settings.load(new Configuration(), f.toString(), Map.of())));
    assertEquals("gait.report.disclosure-threshold must be >= 2, got 1", e.getMessage());
    Files.writeString(f, "gait.report { small_count_threshold = 5, disclosure-threshold = 7 }");
    e = assertThrows(GaitException.class, () -> Settings.load(new Configuration(), f.toString(), Map.of()));
    assertEquals("setting 'gait.report.small_count_threshold' in study.conf is the old name of 'gait.report.disclosure-threshold', which is set too: "
        + "keep 'gait.report.disclosure-threshold'", e.getMessage());
    assertEquals(9, ReportSettings.from(Settings.load(new Configuration(), null, Map.of("gait.report.figure_width", 900, "gait.report.small_count_threshold", 9)))
        .smallCountThreshold(), "command-line overrides are renamed too");
    Files.writeString(f, "gait.report.small_cell_threshold = 5");
    assertThrows(GaitException.class, () -> Settings.load(new Configuration(), f.toString(), Map.of()));
  }
}
