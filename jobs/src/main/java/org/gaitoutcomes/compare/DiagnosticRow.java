package org.gaitoutcomes.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of results/diagnostics: a check, what it applies to as structured fields (the method and
 * estimand of an adjustment, the outcome, the covariate; null where the check is not about one), the
 * measured value against its rule, and the explanation for the reader. {@code adjustment} is the
 * display name of what it applies to ("design", "iptw_ATE", ...), kept as the table's key; readers
 * select rows by the structured fields, never by parsing it.
 */
public record DiagnosticRow(String check, String adjustment, Subject subject, Double value, String threshold, Boolean pass, String meaning) {

  /** What a check applies to. */
  public record Subject(String method, Estimand estimand, String outcome, String covariate) {
    /** The design as a whole (no method, estimand, outcome or covariate). */
    public static final Subject DESIGN = new Subject(null, null, null, null);

    public static Subject adjustment(String method, Estimand estimand) {
      return new Subject(method, estimand, null, null);
    }

    public static Subject outcome(String outcome) {
      return new Subject(null, null, outcome, null);
    }

    public static Subject covariate(String covariate) {
      return new Subject(null, null, null, covariate);
    }

    public Subject withOutcome(String name) {
      return new Subject(method, estimand, name, covariate);
    }
  }

  /** The row in the column order of the diagnostics contract. */
  public Map<String, Object> toMap() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("check", check);
    r.put("adjustment", adjustment);
    r.put("method", subject.method());
    r.put("estimand", subject.estimand() == null ? null : subject.estimand().name());
    r.put("outcome", subject.outcome());
    r.put("covariate", subject.covariate());
    r.put("value", value);
    r.put("threshold", threshold);
    r.put("pass", pass);
    r.put("meaning", meaning);
    return r;
  }
}
