package org.gaitoutcomes.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json records every input file's checksum, but not names a provider or a device chose. */
class RunManifestTest {
  @Test
  void vendorFileNamesAreWithheldAndStructuralNamesKept(@TempDir Path tmp) throws Exception {
    Path scans = Files.createDirectories(tmp.resolve("in/scans/clinic"));
    Files.writeString(scans.getParent().resolve("manifest.csv"), "file,scan_id\n");
    Files.writeString(scans.getParent().resolve("DOE_JANE_MRN1234567_L.asf"), "frames");
    Files.writeString(scans.resolve("smith.john.1961-04-02.asc"), "frames");
    Files.writeString(tmp.resolve("in/patients.csv"), "patient_id\n");
    Path curated = Files.createDirectories(tmp.resolve("cur/patients"));
    Files.writeString(curated.resolve("part-00000-0f6a4f5e-2a43-4b0e-9d43-7d1b8f5c9a10-c000.snappy.parquet"), "PAR1");

    Configuration conf = new Configuration();
    RunManifest m = new RunManifest("run", Map.of("input", "in"))
        .input(conf, "patients", tmp.resolve("in/patients.csv").toString())
        .input(conf, "scans", scans.getParent().toString())
        .input(conf, "patients", curated.toString());
    String json = m.toJson();
    JsonNode inputs = new ObjectMapper().readTree(json).get("inputs");
    List<String> files = new ArrayList<>();
    inputs.forEach(n -> files.add(n.get("table").asText() + ":" + n.get("file").asText()));
    // Before the fix the vendor names were recorded verbatim.
    assertEquals(List.of("patients:patients.csv", "scans:withheld-1.asf", "scans:withheld-2.asc", "scans:manifest.csv",
        "patients:part-00000-0f6a4f5e-2a43-4b0e-9d43-7d1b8f5c9a10-c000.snappy.parquet"), files);
    for (String banned : List.of("DOE", "JANE", "MRN", "1234567", "smith", "john", "1961", "clinic")) {
      assertFalse(json.contains(banned), banned + " in run.json");
    }
    assertEquals(6 + 6, inputs.get(1).get("bytes").asLong() + inputs.get(2).get("bytes").asLong(), "sizes and checksums are kept");
  }

  @Test
  void shownFileNames() {
    assertEquals("outcomes.csv.gz", RunManifest.shownFileName("outcomes", "outcomes.csv.gz", 1));
    assertEquals("gait_scans.parquet", RunManifest.shownFileName("gait_scans", "gait_scans.parquet", 1));
    assertEquals("withheld-3.csv", RunManifest.shownFileName("patients", "export_2024_clinic_Mueller.csv", 3));
    assertEquals("withheld-2.asf", RunManifest.shownFileName("scans", "doe.jane.MRN1234567.ASF", 2));
    assertEquals("withheld-4", RunManifest.shownFileName("scans", "DOE_JANE", 4));
    assertEquals("withheld-5", RunManifest.shownFileName("scans", "patients.DOE JANE", 5));
    assertEquals("part-00003.csv", RunManifest.shownFileName("cohort", "part-00003.csv", 1));
  }
}
