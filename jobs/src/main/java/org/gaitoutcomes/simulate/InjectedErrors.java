package org.gaitoutcomes.simulate;

import java.util.ArrayList;
import java.util.List;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.schema.Schemas;

/**
 * Deliberately bad records, so that a sample run shows quarantine at work. Error j of K (j = 0..K-1)
 * hits patient floor((j + 0.5) N / K) and is of kind j mod 8, in this order: a non-numeric age, an
 * out-of-range NRS, an e-mail address in a string field, a calendar date in a string field, a
 * duplicate key, an outcome for an unknown patient, a treatment before baseline, a missing required
 * value. Deterministic: the same (N, K) always gives the same list.
 */
public final class InjectedErrors {
  /** The kinds, with the table, column and bad value each produces. */
  public enum Kind {
    NON_NUMERIC_AGE(Schemas.PATIENTS, "age_years", "forty-two", "value is not a whole number"),
    OUT_OF_RANGE_NRS(Schemas.OUTCOMES, "nrs_pain", "14", "NRS above its maximum 10 (baseline row)"),
    EMAIL_IN_STRING(Schemas.PATIENTS, "site", "jane.doe@example.org", "e-mail address (direct identifier)"),
    CALENDAR_DATE(Schemas.TREATMENTS, "posting", "2024-03-14", "calendar date (only day offsets are allowed)"),
    DUPLICATE_KEY(Schemas.FOOT_EXAMS, "patient_id, visit_day, side", "(left foot row written twice)", "duplicate primary key"),
    UNKNOWN_PATIENT(Schemas.OUTCOMES, "patient_id", "X + the patient's id", "outcome for a patient not in patients"),
    TREATMENT_BEFORE_BASELINE(Schemas.TREATMENTS, "start_day", "-7", "device start before baseline"),
    MISSING_REQUIRED(Schemas.PATIENTS, "sex", "(empty)", "required value missing");

    public final String table;
    public final String column;
    public final String value;
    public final String problem;

    Kind(String table, String column, String value, String problem) {
      this.table = table;
      this.column = column;
      this.value = value;
      this.problem = problem;
    }
  }

  /** One planned error: its kind and the patient whose records carry it. */
  public record Injection(Kind kind, long patientIndex) implements java.io.Serializable {
    public String patientId() {
      return PatientGenerator.patientId(patientIndex);
    }

    /** The bad value as written ({@code UNKNOWN_PATIENT}: the unknown key). */
    public String writtenValue() {
      return kind == Kind.UNKNOWN_PATIENT ? unknownPatientId(patientIndex) : kind.value;
    }
  }

  private InjectedErrors() {}

  /** The key of the unknown patient injected next to patient {@code index}. */
  public static String unknownPatientId(long index) {
    return "X" + PatientGenerator.patientId(index);
  }

  /** The plan for {@code count} errors among {@code patients} patients. */
  public static List<Injection> plan(long patients, int count) {
    if (count > patients) {
      throw new GaitException("--inject-errors " + count + " is more than the " + patients + " patients");
    }
    List<Injection> plan = new ArrayList<>();
    Kind[] kinds = Kind.values();
    for (int j = 0; j < count; j++) {
      long index = (long) Math.floor((j + 0.5) * patients / count);
      plan.add(new Injection(kinds[j % kinds.length], index));
    }
    return List.copyOf(plan);
  }

  /** The injection that hits patient {@code index} in {@code table}, or null. */
  static Injection find(List<Injection> plan, long index, String table) {
    for (Injection e : plan) {
      if (e.patientIndex() == index && e.kind().table.equals(table)) {
        return e;
      }
    }
    return null;
  }
}
