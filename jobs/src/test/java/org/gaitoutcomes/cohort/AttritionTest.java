package org.gaitoutcomes.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.cohort.Attrition.ArmCounts;
import org.gaitoutcomes.cohort.CohortSettings.EligibilityRule;
import org.junit.jupiter.api.Test;

class AttritionTest {
  private static final List<EligibilityRule> RULES = List.of(
      new EligibilityRule("a", "rule a", "true"),
      new EligibilityRule("b", "rule b", "true"),
      new EligibilityRule("c", "rule c", "true"));

  @Test
  void remainingIsEveryoneMinusThoseExcludedSoFar() {
    Map<Integer, ArmCounts> byFirstFailed = new LinkedHashMap<>();
    byFirstFailed.put(1, new ArmCounts(0, 0, 5)); // 5 without a device fail rule a
    byFirstFailed.put(2, new ArmCounts(3, 4, 0));
    byFirstFailed.put(4, new ArmCounts(10, 20, 0)); // passed everything
    List<Map<String, Object>> rows = Attrition.rows(RULES, byFirstFailed);
    assertEquals(4, rows.size());
    assertRow(rows.get(0), 0, "all_patients", 42, 0, 13, 24);
    assertRow(rows.get(1), 1, "a", 37, 5, 13, 24);
    assertRow(rows.get(2), 2, "b", 30, 7, 10, 20);
    assertRow(rows.get(3), 3, "c", 30, 0, 10, 20);
    assertEquals("rule b", rows.get(2).get("description"));
  }

  @Test
  void emptyPopulationGivesZeros() {
    List<Map<String, Object>> rows = Attrition.rows(RULES, Map.of());
    assertRow(rows.get(3), 3, "c", 0, 0, 0, 0);
  }

  @Test
  void ruleNumberOutsideTheRulesIsABug() {
    assertThrows(IllegalArgumentException.class, () -> Attrition.rows(RULES, Map.of(5, new ArmCounts(1, 0, 0))));
  }

  private static void assertRow(Map<String, Object> row, int step, String rule, long remaining, long excluded, long treated, long control) {
    assertEquals(step, row.get("step"));
    assertEquals(rule, row.get("rule"));
    assertEquals(remaining, row.get("n_remaining"), "n_remaining at step " + step);
    assertEquals(excluded, row.get("n_excluded"), "n_excluded at step " + step);
    assertEquals(treated, row.get("n_treated"), "n_treated at step " + step);
    assertEquals(control, row.get("n_control"), "n_control at step " + step);
  }
}
