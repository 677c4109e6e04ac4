package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, items 8 and 9 (report part): the run manifest the report ships carries no stage
 * summaries, no exact small counts and no vendor file names; only pseudonymous names reach it.
 */
class SharedManifestTest {
  @Test
  void fileNamesAreKeptOnlyWhenTheyNameTheTableOrAPartition() {
    assertEquals("patients.csv", SharedManifest.pseudonym("patients", "patients.csv", 1));
    assertEquals("part-00000.parquet", SharedManifest.pseudonym("gait_scans", "part-00000.parquet", 1));
    assertEquals("part-00003-1b2c3d4e-aaaa-bbbb-cccc-0123456789ab.c000.snappy.parquet",
        SharedManifest.pseudonym("outcomes", "part-00003-1b2c3d4e-aaaa-bbbb-cccc-0123456789ab.c000.snappy.parquet", 1));
    assertEquals("scans-file1.asf", SharedManifest.pseudonym("scans", "DOE_JANE_MRN1234567_L.asf", 1));
    assertEquals("patients-file2.csv", SharedManifest.pseudonym("patients", "jane.doe@example.org.csv", 2));
    assertEquals("scans-file3", SharedManifest.pseudonym("scans", "V00000144_R", 3));
  }

  @Test
  void theSharedCopyDropsStageSummariesAndMasksNamesAndCounts(@TempDir Path tmp) throws IOException {
    Path results = tmp.resolve("results");
    Files.createDirectories(results);
    Files.writeString(results.resolve("attrition.json"), "[{\"step\": 0, \"rule\": \"all\", \"description\": \"All\", \"n_remaining\": 150,"
        + " \"n_excluded\": 0, \"n_treated\": 70, \"n_control\": 80}]");
    Files.writeString(tmp.resolve("run.json"), "{\"tool\": \"gait-outcomes\", \"command\": \"run\","
        + " \"options\": {\"input\": \"jane.doe@example.org\", \"spec\": \"study.conf\"},"
        + " \"config\": {\"gait\": {\"study\": {\"id-column\": \"mrn\"}}},"
        + " \"inputs\": [{\"table\": \"patients\", \"file\": \"patients.csv\", \"bytes\": 10, \"checksum\": \"sha256:aa\"},"
        + "  {\"table\": \"scans\", \"file\": \"DOE_JANE_MRN1234567_L.asf\", \"bytes\": 5, \"checksum\": \"sha256:bb\"},"
        + "  {\"table\": \"scans\", \"file\": \"DOE_JANE_MRN1234567_R.asf\", \"bytes\": 6, \"checksum\": \"sha256:cc\"}],"
        + " \"ingest\": {\"tables\": [{\"table\": \"patients\", \"rows_quarantined\": 3, \"dropped_columns\": [\"jane.doe@example.org\"]}]},"
        + " \"cohort\": {\"patients\": 153}, \"compare\": {\"warnings\": [\"3 rows\"]},"
        + " \"stages\": [{\"stage\": \"ingest\", \"seconds\": 1.5, \"counts\": {\"patients.accepted\": 153, \"patients.quarantined\": 3}},"
        + "  {\"stage\": \"cohort\", \"seconds\": 2.0, \"counts\": {\"patients\": 153, \"eligible\": 150, \"treated\": 70, \"control\": 80}}]}");
    Path html = tmp.resolve("report/report.html");
    org.gaitoutcomes.report.ReportStage.run(null, org.gaitoutcomes.config.Settings.defaults(), results.toUri().toString(),
        tmp.resolve("run.json").toUri().toString(), html.toUri().toString());
    String text = Files.readString(tmp.resolve("report/run.json"));
    JsonNode shared = new ObjectMapper().readTree(text);
    for (String section : List.of("ingest", "cohort", "compare")) {
      assertFalse(shared.has(section), section);
    }
    assertFalse(text.contains("DOE_JANE") || text.contains("jane.doe") || text.contains("\"mrn\""), text);
    assertEquals("<masked>", shared.path("options").path("input").asText());
    JsonNode scans = shared.path("inputs").get(1);
    assertEquals("<11", scans.path("files").asText(), "two vendor files: two patient-sides");
    assertFalse(scans.has("file"));
    assertEquals(11, scans.path("bytes").asLong());
    JsonNode ingest = shared.path("stages").get(0).path("counts");
    assertEquals("<11", ingest.path("patients.quarantined").asText());
    // 153 patients read, 150 with a device: 3 patients follow by subtraction, so one of the two is hidden.
    JsonNode cohort = shared.path("stages").get(1).path("counts");
    assertEquals(150, cohort.path("eligible").asLong(), "the final cohort stays visible");
    assertEquals("hidden", cohort.path("patients").asText());
    assertEquals("hidden", ingest.path("patients.accepted").asText(), "the same 153 patients: one cell");
    String page = Files.readString(html);
    assertFalse(page.contains("DOE_JANE") || page.contains("jane.doe"));
    assertTrue(page.contains("scans (&lt;11 files"), "the data sources count the vendor files through the registry");
  }
}
