package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;

/**
 * The table-level rules, applied to records that passed every record-level rule: DUPLICATE_KEY
 * (every record of a primary key that several valid records share; none is picked arbitrarily),
 * then UNKNOWN_PATIENT (a patient_id that is not an accepted patient).
 *
 * <p>Both run on a narrow projection (the row tags, the key columns and patient_id), never on the
 * records themselves, so a shuffle moves a few short columns and never a pressure array. The result
 * is the flagged rows only: their tags and {@value #FLAG} (the key's record count for DUPLICATE_KEY,
 * {@value #UNKNOWN} for UNKNOWN_PATIENT); {@link #failure} turns a flag back into the quarantine
 * failure once the flags are looked up (or joined) by tag.
 */
final class KeyChecks {
  static final String PATIENT_ID = "patient_id";
  /** The table rule a record breaks: its key's record count (&gt; 1) for DUPLICATE_KEY, {@value #UNKNOWN} for UNKNOWN_PATIENT. */
  static final String FLAG = "_g_table_flag";
  /** True for a record whose age is above the top-code (patients; false elsewhere). */
  static final String OVER_TOP_CODE = "_g_over_top_code";
  static final long UNKNOWN = -1L;
  private static final String KEY_COUNT = "_g_key_count";
  private static final String KNOWN_ID = "_g_known_patient_id";

  private KeyChecks() {}

  /** True when the table has a table-level rule to check. */
  static boolean hasTableRules(TableSchema schema) {
    return !schema.primaryKey().isEmpty() || referencesPatients(schema);
  }

  static boolean referencesPatients(TableSchema schema) {
    return schema.foreignKeys().stream().anyMatch(fk -> fk.references().equals(Schemas.PATIENTS));
  }

  /**
   * The valid records of {@code validated} that break a table rule, as {@code tags}, {@value #FLAG} and
   * {@value #OVER_TOP_CODE}; computed on a narrow projection. {@code primaryKey} empty skips
   * DUPLICATE_KEY; {@code acceptedPatientIds} null skips UNKNOWN_PATIENT.
   */
  static Dataset<Row> flagged(Dataset<Row> validated, List<String> primaryKey, Dataset<Row> acceptedPatientIds,
      List<String> tags, Column overTopCode) {
    Set<String> narrow = new LinkedHashSet<>(tags);
    narrow.addAll(primaryKey);
    if (acceptedPatientIds != null) {
      narrow.add(PATIENT_ID);
    }
    List<Column> columns = new ArrayList<>();
    narrow.forEach(c -> columns.add(col(c)));
    columns.add(overTopCode.as(OVER_TOP_CODE));
    Dataset<Row> rows = validated.filter(col(Validator.FAILURE).isNull()).select(columns.toArray(Column[]::new));
    if (primaryKey.isEmpty()) {
      rows = rows.withColumn(KEY_COUNT, lit(1L));
    } else {
      Column[] key = primaryKey.stream().map(k -> col(k)).toArray(Column[]::new);
      rows = rows.withColumn(KEY_COUNT, count(lit(1)).over(Window.partitionBy(key)));
    }
    Column unknown = lit(false);
    if (acceptedPatientIds != null) {
      rows = rows.join(acceptedPatientIds.select(col(PATIENT_ID).as(KNOWN_ID)), col(PATIENT_ID).equalTo(col(KNOWN_ID)), "left");
      unknown = col(KNOWN_ID).isNull();
    }
    List<Column> out = new ArrayList<>();
    tags.forEach(t -> out.add(col(t)));
    out.add(when(col(KEY_COUNT).gt(1), col(KEY_COUNT)).otherwise(lit(UNKNOWN)).as(FLAG));
    out.add(col(OVER_TOP_CODE));
    return rows.filter(col(KEY_COUNT).gt(1).or(unknown)).select(out.toArray(Column[]::new));
  }

  /**
   * The record's final failure: its record-level failure, else the table rule {@code flag} names
   * (null flag: none), as {@code struct(rule, field, value, message)}.
   */
  static Column failure(Column flag, TableSchema schema, Redaction redaction) {
    return failure(flag, schema, redaction, !schema.primaryKey().isEmpty(), referencesPatients(schema));
  }

  private static Column failure(Column flag, TableSchema schema, Redaction redaction, boolean duplicates, boolean unknown) {
    Column recordFailure = col(Validator.FAILURE);
    Column chain = when(recordFailure.isNotNull(), recordFailure);
    if (duplicates) {
      String keyNames = String.join(", ", schema.primaryKey());
      Column shownKey = substring(concat_ws(", ", schema.primaryKey().stream().map(redaction::shown).toArray(Column[]::new)),
          1, Redaction.MAX_VALUE_CHARS);
      chain = chain.when(flag.gt(1), Validator.failure(Rule.DUPLICATE_KEY, keyNames, shownKey,
          concat_ws("", lit("(" + keyNames + ") = ("), shownKey, lit(") is shared by "), flag,
              lit(" records; all of them are quarantined"))));
    }
    if (unknown) {
      chain = chain.when(flag.equalTo(lit(UNKNOWN)), Validator.failure(Rule.UNKNOWN_PATIENT, PATIENT_ID,
          redaction.shownValue(PATIENT_ID), lit(PATIENT_ID + ": no accepted patient has this id")));
    }
    return chain;
  }

  /** Joins the flags of {@code flagged} onto {@code validated} by tag and sets the final failure (the distributed path). */
  static Dataset<Row> applyFlags(Dataset<Row> validated, Dataset<Row> flagged, List<String> tags, TableSchema schema,
      Redaction redaction) {
    return applyFlags(validated, flagged, tags, schema, redaction, !schema.primaryKey().isEmpty(), referencesPatients(schema));
  }

  private static Dataset<Row> applyFlags(Dataset<Row> validated, Dataset<Row> flagged, List<String> tags, TableSchema schema,
      Redaction redaction, boolean duplicates, boolean unknown) {
    Column on = null;
    Dataset<Row> f;
    List<Column> fcols = new ArrayList<>(List.of(col(FLAG)));
    for (int i = 0; i < tags.size(); i++) {
      fcols.add(col(tags.get(i)).as("_g_f" + i));
    }
    f = flagged.select(fcols.toArray(Column[]::new));
    for (int i = 0; i < tags.size(); i++) {
      Column eq = col(tags.get(i)).equalTo(col("_g_f" + i));
      on = on == null ? eq : on.and(eq);
    }
    Dataset<Row> joined = validated.join(f, on, "left");
    for (int i = 0; i < tags.size(); i++) {
      joined = joined.drop("_g_f" + i);
    }
    return joined.withColumn(Validator.FAILURE, failure(col(FLAG), schema, redaction, duplicates, unknown)).drop(FLAG);
  }

  /** Quarantines every valid record whose primary key is shared by another valid record. */
  static Dataset<Row> rejectDuplicateKeys(Dataset<Row> validated, TableSchema schema, Redaction redaction) {
    if (schema.primaryKey().isEmpty()) {
      return validated;
    }
    List<String> tags = List.of(RowNumbers.ROW);
    Dataset<Row> flagged = flagged(validated, schema.primaryKey(), null, tags, lit(false));
    return applyFlags(validated, flagged, tags, schema, redaction, true, false);
  }

  /** Quarantines every valid record whose patient_id is not among {@code acceptedPatientIds} (one column, patient_id, unique). */
  static Dataset<Row> rejectUnknownPatients(Dataset<Row> validated, Dataset<Row> acceptedPatientIds, Redaction redaction) {
    List<String> tags = List.of(RowNumbers.ROW);
    Dataset<Row> flagged = flagged(validated, List.of(), acceptedPatientIds, tags, lit(false));
    return applyFlags(validated, flagged, tags, null, redaction, false, true);
  }
}
