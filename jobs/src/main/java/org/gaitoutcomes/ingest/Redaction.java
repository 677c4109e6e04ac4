package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;

/**
 * How a raw value is shown in the quarantine table and in curated outputs, so that neither carries an
 * identifier: identifier-like values become {@value IdentifierPatterns#MASK}, ids are re-keyed when
 * re-keying is on, and ages above {@value #AGE_TOP_CODE_ABOVE} are top-coded (to
 * {@value #AGE_TOP_CODE} in curated data, shown as {@code 90+} in quarantine).
 */
final class Redaction {
  /** HIPAA Safe Harbor: ages above 89 are aggregated into one category (45 CFR 164.514(b)(2)(i)(C)). */
  static final int AGE_TOP_CODE_ABOVE = 89;
  static final int AGE_TOP_CODE = 90;
  static final String AGE_COLUMN = "age_years";

  /** Longest offending value kept in quarantine. */
  static final int MAX_VALUE_CHARS = 64;

  /** Columns holding pseudonymous keys, re-keyed when re-keying is on. */
  static final List<String> ID_COLUMNS = List.of("patient_id", "scan_id");

  private final TableSchema schema;
  private final Optional<Rekeyer> rekeyer;
  private final FreeText freeText;

  Redaction(TableSchema schema, Optional<Rekeyer> rekeyer) {
    this(schema, rekeyer, FreeText.NONE);
  }

  Redaction(TableSchema schema, Optional<Rekeyer> rekeyer, FreeText freeText) {
    this.schema = schema;
    this.rekeyer = rekeyer;
    this.freeText = freeText;
  }

  /** The patterns free-text columns are checked against. */
  FreeText freeText() {
    return freeText;
  }

  /** True for the table whose ages are top-coded (patients). */
  boolean isTopCodedTable() {
    return schema.name().equals(Schemas.PATIENTS) && schema.column(AGE_COLUMN).isPresent();
  }

  /** True for the column that is top-coded (patients.age_years). */
  boolean isTopCoded(String column) {
    return schema.name().equals(Schemas.PATIENTS) && column.equals(AGE_COLUMN);
  }

  /** The raw (normalized string) value of {@code column} as it may be shown, from the row's raw struct. */
  Column shown(String column) {
    Column raw = Validator.raw(column);
    Column identifier = IdentifierPatterns.looksLikeIdentifier(raw);
    boolean free = schema.column(column).map(c -> c.isFreeText()).orElse(false);
    Column extra = free ? freeText.matchesAny(raw) : null;
    Column shown = when(extra == null ? identifier : identifier.or(extra), lit(IdentifierPatterns.MASK));
    if (rekeyer.isPresent() && ID_COLUMNS.contains(column)) {
      shown = shown.when(raw.isNotNull(), rekeyer.get().rekey(raw));
    }
    if (isTopCoded(column)) {
      shown = shown.when(col(column).gt(AGE_TOP_CODE_ABOVE), lit(AGE_TOP_CODE + "+"));
    }
    return shown.otherwise(raw);
  }

  /** {@link #shown} truncated to {@value #MAX_VALUE_CHARS} characters: the quarantine {@code value}. */
  Column shownValue(String column) {
    return substring(shown(column), 1, MAX_VALUE_CHARS);
  }

  /** The record as JSON of its shown scalar values (arrays are left out: they stay in the source file). */
  Column recordJson() {
    Column[] fields = schema.columns().stream().filter(ColumnSpec::isScalar)
        .map(c -> shown(c.name()).as(c.name())).toArray(Column[]::new);
    return to_json(struct(fields));
  }

  /** The curated value of an id column: re-keyed when re-keying is on. */
  Column curatedId(String column) {
    return rekeyer.isPresent() && ID_COLUMNS.contains(column) ? rekeyer.get().rekey(col(column)) : col(column);
  }
}
