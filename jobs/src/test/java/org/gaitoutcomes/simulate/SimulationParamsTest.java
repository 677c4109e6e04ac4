package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.config.Settings;
import org.junit.jupiter.api.Test;

class SimulationParamsTest {
  static SimulationParams with(String key, Object value) {
    return SimulationParams.from(ConfigFactory.parseMap(Map.of(key, value)).withFallback(Settings.defaults()).resolve());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    SimulationParams p = SimulationParams.from(Settings.defaults());
    assertEquals(42L, p.seed);
    assertEquals("default", p.scenario);
    assertEquals(0.0, p.vendorShare);
    assertEquals(5, p.followUpDays.length);
    assertEquals(364, p.followUpDays[4]);
    assertEquals(6.5, p.lldAnatomicSd);
    assertEquals(1.0, p.siteCumulative[p.siteCumulative.length - 1], 1e-12);
  }

  @Test
  void badValuesFailNamingTheKeyAndValue() {
    GaitException e = assertThrows(GaitException.class, () -> with("gait.simulate.scenario", "otc-harm"));
    assertTrue(e.getMessage().contains("gait.simulate.scenario = otc-harm"), e.getMessage());
    GaitException share = assertThrows(GaitException.class, () -> with("gait.simulate.vendor-share", 1.5));
    assertTrue(share.getMessage().contains("vendor-share = 1.5"), share.getMessage());
    GaitException days = assertThrows(GaitException.class,
        () -> with("gait.simulate.outcomes.follow-up-days", java.util.List.of(14, 16, 84, 182, 364)));
    assertTrue(days.getMessage().contains("follow-up-days"), days.getMessage());
    GaitException sites = assertThrows(GaitException.class,
        () -> with("gait.simulate.treatment.site-effects", java.util.List.of(0.0, 0.1)));
    assertTrue(sites.getMessage().contains("site-effects"), sites.getMessage());
  }
}
