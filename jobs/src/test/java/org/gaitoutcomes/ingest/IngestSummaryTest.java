package org.gaitoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestSummaryTest {
  @Test
  void countsThatDoNotReconcileAreABug() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new IngestSummary.TableSummary(
        "patients", true, "csv", 1, 10, 7, 2, Map.of("TYPE", 2L), List.of(), 0));
    assertTrue(e.getMessage().contains("does not reconcile"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> new IngestSummary.TableSummary(
        "patients", true, "csv", 1, 10, 7, 3, Map.of("TYPE", 2L), List.of(), 0));
  }

  @Test
  void rendersJsonAndAnAlignedTable() {
    IngestSummary s = new IngestSummary(List.of(
        new IngestSummary.TableSummary("patients", true, "csv", 1, 10, 7, 3, Map.of("TYPE", 3L), List.of("email"), 1),
        new IngestSummary.TableSummary("gait_scans", false, null, 0, 0, 0, 0, Map.of(), List.of(), 0)));
    assertTrue(s.toJson().contains("\"rows_read\" : 10"), s.toJson());
    assertTrue(s.toJson().contains("\"quarantined_by_rule\" : {\n      \"TYPE\" : 3"), s.toJson());
    String[] lines = s.toText().split("\n");
    assertEquals("table       format         read   accepted  quarantined  top-coded  dropped columns", lines[0]);
    assertEquals("patients    csv              10          7            3          1  email", lines[1]);
    assertEquals("gait_scans  absent            0          0            0          0  -", lines[2]);
    assertEquals("quarantined in patients: TYPE 3", lines[3]);
  }
}
