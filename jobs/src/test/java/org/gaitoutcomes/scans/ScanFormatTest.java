package org.gaitoutcomes.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Test;

/** The scan format registry: its answers, its parsers, and the schemas' device lists that must follow it. */
class ScanFormatTest {
  @Test
  void registryAnswersTheVendorQuestions() {
    assertEquals(List.of("pedar", "fscan", "emed"), ScanFormat.deviceNames());
    assertEquals(List.of("pedar"), ScanFormat.bothFeetDeviceNames());
    assertTrue(ScanFormat.isPlatform("emed"));
    assertFalse(ScanFormat.isPlatform("pedar"));
    assertFalse(ScanFormat.isPlatform("fscan"));
    assertFalse(ScanFormat.isPlatform(ScanFormat.SIMULATED));
    assertNull(ScanFormat.byDeviceName(ScanFormat.SIMULATED));
    assertEquals(ScanFormat.FSCAN, ScanFormat.byDeviceName("fscan"));
  }

  @Test
  void unknownDeviceIsRefusedNamingTheFileAndTheKnownFormats() {
    ScanParseException e = assertThrows(ScanParseException.class,
        () -> ScanFormat.parse("zebris", "walk.csv", new ByteArrayInputStream(new byte[0]), "L"));
    assertEquals("walk.csv: expected device pedar, fscan, emed, found 'zebris'", e.getMessage());
  }

  @Test
  void everyFormatParsesItsFixtureThroughTheRegistry() throws IOException {
    Map<ScanFormat, String> fixtures = Map.of(ScanFormat.PEDAR, "pedar_example.asc", ScanFormat.FSCAN, "fscan_testL.asf",
        ScanFormat.EMED, "emed_test.lst");
    assertEquals(ScanFormat.values().length, fixtures.size(), "every format needs a fixture");
    for (ScanFormat f : ScanFormat.values()) {
      try (InputStream in = Files.newInputStream(RepoPaths.sharedFixture("pressure/" + fixtures.get(f)))) {
        List<ParsedScan> scans = ScanFormat.parse(f.deviceName(), fixtures.get(f), in, "L");
        assertEquals(f.holdsBothFeet() ? 2 : 1, scans.size(), f.deviceName());
        for (ParsedScan s : scans) {
          assertEquals(f.deviceName(), s.device());
          assertTrue(s.frames().size() > 10, f.deviceName() + " frames " + s.frames().size());
        }
      }
    }
  }

  @Test
  void schemaDeviceListsNameExactlyTheRegisteredFormats() {
    List<String> withSimulator = new ArrayList<>(ScanFormat.deviceNames());
    withSimulator.add(ScanFormat.SIMULATED);
    assertEquals(ScanFormat.deviceNames(), allowed(Schemas.SCAN_MANIFEST, "device"));
    assertEquals(withSimulator, allowed(Schemas.GAIT_SCANS, "device"));
    assertEquals(withSimulator, allowed(Schemas.BASELINE_FEATURES, "scan_device"));
    assertEquals(withSimulator, allowed(Schemas.SCAN_FEATURES, "device"));
  }

  private static List<String> allowed(String table, String column) {
    return Schemas.get(table).columns().stream().filter(c -> c.name().equals(column)).findFirst().orElseThrow().allowed();
  }
}
