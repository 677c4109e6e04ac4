package org.gaitoutcomes.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.cohort.CohortSettings.FollowUp;
import org.gaitoutcomes.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CohortSettingsTest {
  @TempDir
  Path dir;

  @Test
  void defaultsMatchTheIssueAndDomain() {
    CohortSettings s = CohortSettings.from(Settings.defaults());
    assertEquals("custom", s.treatment());
    assertEquals("otc", s.comparator());
    assertEquals(-28, s.baselineFrom());
    assertEquals(0, s.baselineTo());
    assertEquals(List.of(new FollowUp(14, 7), new FollowUp(42, 7), new FollowUp(84, 7), new FollowUp(182, 14), new FollowUp(364, 14)),
        s.followUps());
    assertEquals(378, s.horizon());
    assertEquals(1, s.odiMaxMissing());
    assertEquals(30.0, s.responderMinPercent());
    assertEquals(2.0, s.responderMinPoints());
    assertEquals(10.0, s.odiImportantChange());
    assertEquals(5.0, s.rmdqImportantChange());
    assertEquals(List.of("has_device", "baseline_nrs", "adult", "no_prior_orthotic", "study_device"),
        s.eligibility().stream().map(CohortSettings.EligibilityRule::id).toList());
  }

  @Test
  void aSpecFileOverridesDefaults() throws Exception {
    CohortSettings s = CohortSettings.from(load("gait.cohort { comparator = sham, follow-up = [{day = 28, half-width = 3}], scoring.odi-max-missing = 2 }"));
    assertEquals("sham", s.comparator());
    assertEquals(List.of(new FollowUp(28, 3)), s.followUps());
    assertEquals(2, s.odiMaxMissing());
    assertEquals(5, s.eligibility().size());
  }

  @Test
  void badValuesFailNamingKeyAndValue() throws Exception {
    assertMessage("gait.cohort.comparator = custom", "comparator = 'custom'");
    assertMessage("gait.cohort.baseline-window { from = 5, to = 0 }", "baseline-window.from = 5");
    assertMessage("gait.cohort.follow-up = [{day = 42, half-width = 7}, {day = 14, half-width = 7}]", "follow-up day = 14");
    assertMessage("gait.cohort.follow-up = [{day = 14, half-width = 7}, {day = 28, half-width = 7}]", "follow-up day = 28");
    assertMessage("gait.cohort.follow-up = [{day = 3, half-width = 7}]", "follow-up day = 3");
    assertMessage("gait.cohort.follow-up = [{day = 14, halfwidth = 7}]", "unknown setting 'halfwidth'");
    assertMessage("gait.cohort.scoring.odi-max-missing = 10", "odi-max-missing = 10");
    assertMessage("gait.cohort.scoring.responder-min-percent = 0", "responder-min-percent = 0.0");
    assertMessage("gait.cohort.eligibility = [{id = a, description = x, condition = \"true\"}, {id = a, description = y, condition = \"true\"}]",
        "id = 'a': is used twice");
    assertMessage("gait.cohort.eligibility = [{id = \"Bad-Id\", description = x, condition = \"true\"}]", "'Bad-Id'");
    assertMessage("gait.cohort.eligibility = [{id = required_values, description = x, condition = \"true\"}]", "reserved");
    assertMessage("gait.cohort.scoring.odi-max-missing = many", "odi-max-missing");
    assertMessage("gait.cohort.treatmnt = custom", "unknown setting 'gait.cohort.treatmnt'");
  }

  private Config load(String hocon) throws Exception {
    Path spec = dir.resolve("spec-" + System.nanoTime() + ".conf");
    Files.writeString(spec, hocon);
    return Settings.load(new Configuration(), spec.toUri().toString(), Map.of());
  }

  private void assertMessage(String hocon, String expected) {
    GaitException e = assertThrows(GaitException.class, () -> CohortSettings.from(load(hocon)), hocon);
    assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
  }
}
