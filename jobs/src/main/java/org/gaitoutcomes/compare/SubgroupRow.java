package org.gaitoutcomes.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/** One row of results/subgroups: the effect within one level of a subgroup variable (null below the minimum arm size), with the interaction test. */
public record SubgroupRow(String subgroup, String level, String outcome, String estimand, String method, Double estimate, Double stdError,
    Double ciLow, Double ciHigh, long nTreated, long nControl, double interactionPValue) {
  /** The row in the column order of the subgroups contract. */
  public Map<String, Object> toMap() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("subgroup", subgroup);
    r.put("level", level);
    r.put("outcome", outcome);
    r.put("estimand", estimand);
    r.put("method", method);
    r.put("estimate", estimate);
    r.put("std_error", stdError);
    r.put("ci_low", ciLow);
    r.put("ci_high", ciHigh);
    r.put("n_treated", nTreated);
    r.put("n_control", nControl);
    r.put("interaction_p_value", interactionPValue);
    return r;
  }
}
