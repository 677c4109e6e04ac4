package org.gaitoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentifierPatternsTest {
  @Test
  void recognisesEachKindOfDirectIdentifier() {
    assertEquals(Optional.of("e-mail address"), IdentifierPatterns.kindOf("john.doe@example.com"));
    assertEquals(Optional.of("e-mail address"), IdentifierPatterns.kindOf("contact: a.b+c@clinic.co.uk please"));
    assertEquals(Optional.of("calendar date"), IdentifierPatterns.kindOf("2023-04-25"));
    assertEquals(Optional.of("calendar date"), IdentifierPatterns.kindOf("25.04.23"));
    assertEquals(Optional.of("calendar date"), IdentifierPatterns.kindOf("04/25/2023"));
    assertEquals(Optional.of("national id"), IdentifierPatterns.kindOf("123-45-6789"));
    assertEquals(Optional.of("national id"), IdentifierPatterns.kindOf("AB123456C"));
    assertEquals(Optional.of("phone number"), IdentifierPatterns.kindOf("555-123-4567"));
    assertEquals(Optional.of("phone number"), IdentifierPatterns.kindOf("+44 20 7946 0958"));
    assertEquals(Optional.of("phone number"), IdentifierPatterns.kindOf("(555) 123-4567"));
    assertEquals(Optional.of("record number"), IdentifierPatterns.kindOf("MRN 004512"));
    assertEquals(Optional.of("record number"), IdentifierPatterns.kindOf("mrn:77"));
    assertEquals(Optional.of("record number"), IdentifierPatterns.kindOf("12345678"));
    assertEquals(Optional.of("record number"), IdentifierPatterns.kindOf("ID-1234567"));
  }

  @Test
  void leavesPseudonymousKeysAndCodesAlone() {
    for (String ok : new String[] {"P0001", "P000123456", "patient_00042", "S1", "site-north", "scan-0001-L",
        "F", "custom", "medial", "simulated", "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "SITE-001-0001", "P-12-2023"}) {
      assertEquals(Optional.empty(), IdentifierPatterns.kindOf(ok), ok);
    }
  }
}
