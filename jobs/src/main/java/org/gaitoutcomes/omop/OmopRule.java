package org.gaitoutcomes.omop;

/** Why an OMOP record was quarantined by import-omop (the quarantine's rule column). */
public enum OmopRule {
  OMOP_UNKNOWN_PERSON("the record's person_id is not in the person table"),
  OMOP_PERSON_REJECTED("the record's person was rejected (see the person's own quarantine row)"),
  OMOP_NO_OBSERVATION_PERIOD("the person has no usable observation_period, so there is no baseline"),
  OMOP_DUPLICATE_PERSON("several person rows share a person_id; all are quarantined"),
  OMOP_DATE("a date is missing or not a date"),
  OMOP_VALUE("a value is missing, not a number, not an integer where one is needed, or outside the contract's range"),
  OMOP_UNIT("the unit_concept_id is not one the mapping accepts for the measure"),
  OMOP_OUTSIDE_PERIOD("the record's date lies outside the person's observation window"),
  OMOP_BEFORE_BASELINE("an orthosis starts earlier before baseline than gait.omop.prior-orthotic-days"),
  OMOP_CONFLICT("records of one person, day and measure (or device) disagree; all of them are quarantined");

  private final String description;

  OmopRule(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
