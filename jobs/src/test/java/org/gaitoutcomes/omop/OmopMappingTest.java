package org.gaitoutcomes.omop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.config.Settings;
import org.junit.jupiter.api.Test;

/** The gait.omop mapping: defaults, device matching, and the checks that refuse an ambiguous mapping. Plain Java. */
class OmopMappingTest {
  private static OmopMapping with(String hocon) {
    return OmopMapping.from(ConfigFactory.parseString(hocon).withFallback(Settings.defaults()));
  }

  @Test
  void defaultsMapTheHcpcsCodesAndTheStandardConcepts() {
    OmopMapping m = OmopMapping.from(Settings.defaults());
    assertEquals("custom", m.deviceType(0L, null, " l3000 "));
    assertEquals("otc", m.deviceType(null, null, "L3060"));
    assertNull(m.deviceType(0L, 0L, "L1234"));
    // LOINC 8302-2 body height goes to patients.height_cm, in centimetres only
    OmopMapping.Target height = m.targets(3036277).get(0);
    assertEquals(List.of("patients", "height_cm"), List.of(height.table(), height.column()));
    assertTrue(height.units().contains(8582L));
    // the NRS is an integer 0..10 of outcomes, from the contract
    OmopMapping.Target nrs = m.targets(43055141).get(0);
    assertEquals(List.of("outcomes", "nrs_pain", "true", "0.0", "10.0"),
        List.of(nrs.table(), nrs.column(), Boolean.toString(nrs.integer()), nrs.min().toString(), nrs.max().toString()));
    // the whole-body Beighton score fills both sides
    assertEquals(List.of("L", "R"), m.targets(2000100131).stream().map(OmopMapping.Target::side).toList());
    assertTrue(m.targets(4058286).isEmpty());
  }

  @Test
  void devicesMatchByConceptOrSourceConcept() {
    OmopMapping m = with("gait.omop.otc-orthosis.concepts = [2000400002]");
    assertEquals("otc", m.deviceType(2000400002L, null, null));
    assertEquals("otc", m.deviceType(0L, 2000400002L, ""));
  }

  @Test
  void aConceptMappedTwiceIsAnError() {
    GaitException e = assertThrows(GaitException.class, () -> with("gait.omop.outcomes.rmdq.concepts = [43055141]"));
    assertTrue(e.getMessage().contains("concept 43055141 is mapped twice"), e.getMessage());
  }

  @Test
  void aCodeOfBothArmsIsAnError() {
    GaitException e = assertThrows(GaitException.class, () -> with("gait.omop.otc-orthosis.hcpcs-codes = [L3000]"));
    assertTrue(e.getMessage().contains("share [L3000]"), e.getMessage());
  }

  @Test
  void aColumnOutsideTheContractIsAnError() {
    GaitException e = assertThrows(GaitException.class, () -> with("gait.omop.outcomes.nrs_leg { concepts = [1], units = [] }"));
    assertTrue(e.getMessage().contains("outcomes.nrs_leg, which the outcomes contract does not have"), e.getMessage());
  }
}
