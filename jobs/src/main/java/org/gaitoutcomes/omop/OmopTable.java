package org.gaitoutcomes.omop;

import java.util.List;

/** The OMOP CDM v5.4 tables import-omop reads, with the columns it uses (CDM names, lower case). */
public enum OmopTable {
  PERSON("person", "person_id", true, List.of("person_id", "gender_concept_id", "year_of_birth")),
  OBSERVATION_PERIOD("observation_period", "observation_period_id", true,
      List.of("person_id", "observation_period_start_date", "observation_period_end_date")),
  DEVICE_EXPOSURE("device_exposure", "device_exposure_id", false, List.of("person_id", "device_exposure_start_date")),
  MEASUREMENT("measurement", "measurement_id", false, List.of("person_id", "measurement_concept_id", "measurement_date")),
  OBSERVATION("observation", "observation_id", false, List.of("person_id", "observation_concept_id", "observation_date")),
  CONDITION_OCCURRENCE("condition_occurrence", "condition_occurrence_id", false,
      List.of("person_id", "condition_concept_id", "condition_start_date")),
  /** Optional: care_site_source_value names the site (else the care_site_id is the site code). */
  CARE_SITE("care_site", "care_site_id", false, List.of("care_site_id"));

  private final String tableName;
  private final String idColumn;
  private final boolean required;
  private final List<String> requiredColumns;

  OmopTable(String tableName, String idColumn, boolean required, List<String> requiredColumns) {
    this.tableName = tableName;
    this.idColumn = idColumn;
    this.required = required;
    this.requiredColumns = requiredColumns;
  }

  /** The CDM table name, e.g. {@code device_exposure}. */
  public String tableName() {
    return tableName;
  }

  public String idColumn() {
    return idColumn;
  }

  /** Whether import-omop fails when the table is absent (person and observation_period). */
  public boolean required() {
    return required;
  }

  /** Columns the table must have when present. */
  public List<String> requiredColumns() {
    return requiredColumns;
  }

  /** The tables whose rows belong to a person (all but care_site). */
  public static List<OmopTable> personTables() {
    return List.of(PERSON, OBSERVATION_PERIOD, DEVICE_EXPOSURE, MEASUREMENT, OBSERVATION, CONDITION_OCCURRENCE);
  }
}
