package org.gaitoutcomes.ingest;

/**
 * The validation rules of ingest, in the order they are checked: a record is quarantined under the
 * first rule it breaks (within a rule, columns are checked in contract order). The ids are what the
 * quarantine table's {@code rule} column holds.
 */
public enum Rule {
  /** The line could not be parsed: wrong number of CSV fields, or not a JSON object. */
  MALFORMED("the line could not be parsed (wrong number of CSV fields, or invalid JSON)"),
  /** A string value looks like a direct identifier (e-mail, phone, national id, record number, calendar date). */
  IDENTIFIER("a string value looks like a direct identifier: e-mail, phone number, national id/SSN, record number or calendar date"),
  /** A required column is null or empty. */
  REQUIRED("a required value is missing or empty"),
  /** A value does not parse strictly as the column type (an int accepts only -?digits). */
  TYPE("a value is not of the column's type (strict: \"3.5\" is not an int)"),
  /** A device (treatment) starts before the patient's baseline (start_day < 0). */
  BEFORE_BASELINE("an orthotic device starts before baseline (treatments.start_day < 0)"),
  /** A string does not match the column's regular expression. */
  PATTERN("a string does not match the column's pattern"),
  /** A string is not one of the column's allowed values. */
  ALLOWED("a string is not one of the column's allowed values"),
  /** A number is outside the column's min/max. */
  RANGE("a number is outside the column's min to max"),
  /** A gait scan's arrays do not fit its grid or timing. */
  SCAN_STRUCTURE("gait_scans: not exactly one of frames/steps, a frame or peak picture without cell_rows x cell_cols values, or a step with start_s >= end_s"),
  /** More than one record has the same primary key: every one of them is quarantined. */
  DUPLICATE_KEY("several records share a primary key; all of them are quarantined (no arbitrary pick)"),
  /** The patient_id is not an accepted patient. */
  UNKNOWN_PATIENT("patient_id does not reference an accepted patient");

  private final String description;

  Rule(String description) {
    this.description = description;
  }

  /** What breaking the rule means, for documentation. */
  public String description() {
    return description;
  }
}
