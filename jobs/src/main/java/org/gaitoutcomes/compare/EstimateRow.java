package org.gaitoutcomes.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/** One row of results/estimates: an effect of one method and estimand on one outcome and scale. */
public record EstimateRow(String outcome, String outcomeKind, boolean primary, String estimand, String method, String scale,
    double estimate, double stdError, double ciLow, double ciHigh, double pValue, String seMethod, double bootstrapSe,
    long nTreated, long nControl, Double essTreated, Double essControl, String note) {

  /** The row in the column order of the estimates contract (NaN is written as null). */
  public Map<String, Object> toMap() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("outcome", outcome);
    r.put("outcome_kind", outcomeKind);
    r.put("primary", primary);
    r.put("estimand", estimand);
    r.put("method", method);
    r.put("scale", scale);
    r.put("estimate", estimate);
    r.put("std_error", stdError);
    r.put("ci_low", ciLow);
    r.put("ci_high", ciHigh);
    r.put("p_value", pValue);
    r.put("se_method", seMethod);
    r.put("bootstrap_se", bootstrapSe);
    r.put("n_treated", nTreated);
    r.put("n_control", nControl);
    r.put("ess_treated", essTreated);
    r.put("ess_control", essControl);
    r.put("note", note);
    return r;
  }
}
