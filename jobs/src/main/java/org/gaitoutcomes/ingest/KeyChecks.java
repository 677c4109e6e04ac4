package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.gaitoutcomes.schema.TableSchema;

/**
 * The table-level rules, applied to records that passed every record-level rule: DUPLICATE_KEY
 * (every record of a primary key that several valid records share; none is picked arbitrarily),
 * then UNKNOWN_PATIENT (a patient_id that is not an accepted patient).
 */
final class KeyChecks {
  static final String PATIENT_ID = "patient_id";
  private static final String KEY_COUNT = "_g_key_count";
  private static final String KNOWN_ID = "_g_known_patient_id";

  private KeyChecks() {}

  /** Quarantines every valid record whose primary key is shared by another valid record. */
  static Dataset<Row> rejectDuplicateKeys(Dataset<Row> validated, TableSchema schema, Redaction redaction) {
    if (schema.primaryKey().isEmpty()) {
      return validated;
    }
    Column[] key = schema.primaryKey().stream().map(k -> col(k)).toArray(Column[]::new);
    Column valid = col(Validator.FAILURE).isNull();
    String keyNames = String.join(", ", schema.primaryKey());
    Column shownKey = substring(concat_ws(", ", schema.primaryKey().stream().map(redaction::shown).toArray(Column[]::new)),
        1, Redaction.MAX_VALUE_CHARS);
    Column failure = Validator.failure(Rule.DUPLICATE_KEY, keyNames, shownKey,
        concat_ws("", lit("(" + keyNames + ") = ("), shownKey, lit(") is shared by "), col(KEY_COUNT),
            lit(" records; all of them are quarantined")));
    return validated
        .withColumn(KEY_COUNT, sum(when(valid, 1).otherwise(0)).over(Window.partitionBy(key)))
        .withColumn(Validator.FAILURE, when(valid.and(col(KEY_COUNT).gt(1)), failure).otherwise(col(Validator.FAILURE)))
        .drop(KEY_COUNT);
  }

  /** Quarantines every valid record whose patient_id is not among {@code acceptedPatientIds} (one column, patient_id, unique). */
  static Dataset<Row> rejectUnknownPatients(Dataset<Row> validated, Dataset<Row> acceptedPatientIds, Redaction redaction) {
    Dataset<Row> known = acceptedPatientIds.select(col(PATIENT_ID).as(KNOWN_ID));
    Column failure = Validator.failure(Rule.UNKNOWN_PATIENT, PATIENT_ID, redaction.shownValue(PATIENT_ID),
        lit(PATIENT_ID + ": no accepted patient has this id"));
    return validated
        .join(known, col(PATIENT_ID).equalTo(col(KNOWN_ID)), "left")
        .withColumn(Validator.FAILURE,
            when(col(Validator.FAILURE).isNull().and(col(KNOWN_ID).isNull()), failure).otherwise(col(Validator.FAILURE)))
        .drop(KNOWN_ID);
  }
}
