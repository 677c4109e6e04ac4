package org.gaitoutcomes.cohort;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.cohort.CohortSettings.EligibilityRule;

/**
 * The attrition table (contract attrition) from patient counts by the first rule each patient fails:
 * step 0 is every patient of the patients table, step k the patients left after rule k. Plain Java on
 * an aggregate, so the arithmetic is tested without Spark.
 */
public final class Attrition {
  /** Rule id of step 0. */
  public static final String ALL_PATIENTS = "all_patients";

  private Attrition() {}

  /**
   * Patients counted by arm: {@code treated} and {@code control}, plus {@code unassigned} (no device,
   * or a device of neither arm).
   */
  public record ArmCounts(long treated, long control, long unassigned) {
    public long total() {
      return treated + control + unassigned;
    }

    ArmCounts plus(ArmCounts o) {
      return new ArmCounts(treated + o.treated, control + o.control, unassigned + o.unassigned);
    }
  }

  /**
   * Rows of the attrition table. {@code byFirstFailedRule} maps the 1-based number of the first rule a
   * patient fails ({@code rules.size() + 1} for those who pass every rule) to the patients' counts.
   */
  public static List<Map<String, Object>> rows(List<EligibilityRule> rules, Map<Integer, ArmCounts> byFirstFailedRule) {
    for (int k : byFirstFailedRule.keySet()) {
      if (k < 1 || k > rules.size() + 1) {
        throw new IllegalArgumentException("first failed rule " + k + " is outside 1.." + (rules.size() + 1));
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    ArmCounts remaining = new ArmCounts(0, 0, 0);
    for (ArmCounts c : byFirstFailedRule.values()) {
      remaining = remaining.plus(c);
    }
    rows.add(row(0, ALL_PATIENTS, "Every patient in the curated patients table (arms by first device)", remaining, 0));
    for (int k = 1; k <= rules.size(); k++) {
      ArmCounts excluded = byFirstFailedRule.getOrDefault(k, new ArmCounts(0, 0, 0));
      remaining = new ArmCounts(remaining.treated - excluded.treated, remaining.control - excluded.control,
          remaining.unassigned - excluded.unassigned);
      EligibilityRule r = rules.get(k - 1);
      rows.add(row(k, r.id(), r.description(), remaining, excluded.total()));
    }
    return rows;
  }

  private static Map<String, Object> row(int step, String rule, String description, ArmCounts remaining, long excluded) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.put("rule", rule);
    row.put("description", description);
    row.put("n_remaining", remaining.total());
    row.put("n_excluded", excluded);
    row.put("n_treated", remaining.treated);
    row.put("n_control", remaining.control);
    return row;
  }
}
