package org.gaitoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gaitoutcomes.GaitException;
import org.junit.jupiter.api.Test;

class RekeyerTest {
  @Test
  void hmacMatchesRfc4231TestCase2() {
    // RFC 4231, section 4.3 (test case 2): key "Jefe", data "what do ya want for nothing?".
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        Rekeyer.hmacHex("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?", 64));
  }

  @Test
  void sameIdSameKeyDifferentKeyDifferentKey() {
    Rekeyer a = Rekeyer.fromEnvironment(Map.of("K", "a-secret-of-20-chars"), "K");
    Rekeyer b = Rekeyer.fromEnvironment(Map.of("K", "another-secret-of-20"), "K");
    assertEquals(a.rekey("P0001"), a.rekey("P0001"));
    assertEquals(Rekeyer.HEX_CHARS, a.rekey("P0001").length());
    assertTrue(a.rekey("P0001").matches("[0-9a-f]{32}"));
    assertNotEquals(a.rekey("P0001"), a.rekey("P0002"));
    assertNotEquals(a.rekey("P0001"), b.rekey("P0001"));
    assertFalse(a.toString().contains("secret"));
  }

  @Test
  void missingOrShortKeyNamesTheVariableNotTheValue() {
    GaitException missing = assertThrows(GaitException.class, () -> Rekeyer.fromEnvironment(Map.of(), "GAIT_REKEY_KEY"));
    assertTrue(missing.getMessage().contains("GAIT_REKEY_KEY"), missing.getMessage());
    GaitException shortKey = assertThrows(GaitException.class, () -> Rekeyer.fromEnvironment(Map.of("K", "tiny-key"), "K"));
    assertTrue(shortKey.getMessage().contains("environment variable K "), shortKey.getMessage());
    assertFalse(shortKey.getMessage().contains("tiny-key"), shortKey.getMessage());
  }
}
