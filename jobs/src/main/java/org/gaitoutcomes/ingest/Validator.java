package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.FractionalType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;

/**
 * The record-level rules as Spark column expressions built from a contract: MALFORMED, IDENTIFIER,
 * REQUIRED, TYPE, BEFORE_BASELINE, PATTERN, ALLOWED, RANGE and SCAN_STRUCTURE, in that order (see
 * {@link Rule}). {@link #validate} keeps the trimmed raw strings in the struct {@value #RAW}, replaces
 * every scalar column by its strictly parsed value, and adds {@value #FAILURE}: null for a valid
 * record, else the first failure as {@code struct(rule, field, value, message)}.
 */
final class Validator {
  static final String RAW = "_g_raw";
  static final String FAILURE = "_g_failure";

  /** Whole numbers only: "3.5", "3e0" and "+3" are not ints. */
  static final String INTEGER_REGEX = "^-?[0-9]+$";
  /** Decimal numbers with an optional exponent; no NaN or Infinity. */
  static final String DECIMAL_REGEX = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$";
  static final String BOOLEAN_REGEX = "^(?i)(true|false)$";

  /** Columns whose negative value means a device before baseline (rule BEFORE_BASELINE). */
  static final String DEVICE_TABLE = Schemas.TREATMENTS;
  static final String DEVICE_START_COLUMN = "start_day";

  private final TableSchema schema;
  private final Redaction redaction;

  Validator(TableSchema schema, Redaction redaction) {
    this.schema = schema;
    this.redaction = redaction;
  }

  /** The trimmed raw string of a scalar column (null when absent or blank). */
  static Column raw(String column) {
    return col(RAW).getField(column);
  }

  Dataset<Row> validate(Dataset<Row> read) {
    // Three projections, not one withColumn per column: each withColumn re-analyzes the whole plan.
    List<Column> rawFields = new ArrayList<>();
    for (ColumnSpec c : schema.columns()) {
      if (c.isScalar()) {
        Column t = trim(col(c.name()));
        rawFields.add(when(t.notEqual(lit("")), t).as(c.name()));
      }
    }
    List<Column> withRaw = new ArrayList<>();
    for (String name : read.columns()) {
      if (!name.equals(RAW)) {
        withRaw.add(col(name));
      }
    }
    withRaw.add(struct(rawFields.toArray(Column[]::new)).as(RAW));
    Dataset<Row> raw = read.select(withRaw.toArray(Column[]::new));
    List<Column> typed = new ArrayList<>();
    for (String name : raw.columns()) {
      ColumnSpec c = schema.column(name).orElse(null);
      typed.add(c != null && c.isScalar() ? parsed(c).as(name) : col(name));
    }
    Dataset<Row> parsed = raw.select(typed.toArray(Column[]::new));
    List<Column> out = new ArrayList<>();
    for (String name : parsed.columns()) {
      if (!name.equals(FAILURE)) {
        out.add(col(name));
      }
    }
    out.add(firstFailure(checks()).as(FAILURE));
    return parsed.select(out.toArray(Column[]::new));
  }

  /** One check: the rule, the column at fault, when it fails, and how it is described. */
  record Check(Rule rule, String field, Column fails, Column value, Column message) {}

  /** Every record-level check, in rule order, then column order. */
  List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    // An odd number of double quotes: a quoted field that does not end on its line (multi-line fields
    // are parsed only with gait.ingest.csv.multi-line = true).
    Column corrupt = col(SourceReader.CORRUPT);
    Column openQuote = corrupt.startsWith("{").equalTo(lit(false)).and(pmod(length(corrupt).minus(length(regexp_replace(corrupt, "\"", ""))), lit(2)).equalTo(lit(1)));
    checks.add(new Check(Rule.MALFORMED, null, corrupt.isNotNull(), lit(null),
        when(openQuote, lit("malformed record: a quoted field does not end on its line (multi-line CSV fields are read"
            + " only with gait.ingest.csv.multi-line = true)"))
            .otherwise(lit("malformed record: wrong number of CSV fields or invalid JSON"))));
    for (ColumnSpec c : scalars(StringType.class)) {
      checks.add(new Check(Rule.IDENTIFIER, c.name(), IdentifierPatterns.looksLikeIdentifier(raw(c.name())),
          lit(IdentifierPatterns.MASK),
          concat_ws("", lit(c.name() + ": looks like a direct identifier ("), IdentifierPatterns.kind(raw(c.name())),
              lit("); the value is masked"))));
      if (c.isFreeText()) {
        Column extra = redaction.freeText().looksLikeIdentifier(raw(c.name()));
        if (extra != null) {
          checks.add(new Check(Rule.IDENTIFIER, c.name(), extra, lit(IdentifierPatterns.MASK),
              lit(c.name() + ": matches an identifier pattern of gait.ingest.free-text; the value is masked")));
        }
        Column name = redaction.freeText().looksLikeName(raw(c.name()));
        if (name != null) {
          checks.add(new Check(Rule.IDENTIFIER, c.name(), name, lit(IdentifierPatterns.MASK),
              lit(c.name() + ": looks like a person's name in a free-text column (gait.ingest.free-text.name-patterns);"
                  + " the value is masked")));
        }
      }
    }
    for (ColumnSpec c : schema.requiredColumns()) {
      Column missing = c.isScalar() ? raw(c.name()).isNull() : col(c.name()).isNull();
      checks.add(new Check(Rule.REQUIRED, c.name(), missing, lit(null), lit(c.name() + ": required value is missing")));
    }
    for (ColumnSpec c : schema.columns()) {
      if (c.isScalar() && !(c.dataType() instanceof StringType)) {
        checks.add(new Check(Rule.TYPE, c.name(), raw(c.name()).isNotNull().and(col(c.name()).isNull()), value(c),
            message(c, "'", value(c), "' is not " + typeName(c.dataType()))));
      }
    }
    if (schema.name().equals(DEVICE_TABLE)) {
      checks.add(new Check(Rule.BEFORE_BASELINE, DEVICE_START_COLUMN, col(DEVICE_START_COLUMN).lt(0),
          value(DEVICE_START_COLUMN), message(DEVICE_START_COLUMN, "the device starts on day ", value(DEVICE_START_COLUMN),
              ", before baseline (day 0)")));
    }
    for (ColumnSpec c : scalars(StringType.class)) {
      if (c.pattern() != null) {
        String anchored = "^(?:" + c.pattern().replaceFirst("^\\^", "").replaceFirst("\\$$", "") + ")$";
        Column mismatch = raw(c.name()).isNotNull().and(raw(c.name()).rlike(anchored).equalTo(lit(false)));
        checks.add(new Check(Rule.PATTERN, c.name(), mismatch, value(c), message(c, "'", value(c), "' does not match " + c.pattern())));
      }
    }
    for (ColumnSpec c : scalars(StringType.class)) {
      if (!c.allowed().isEmpty()) {
        Column notAllowed = raw(c.name()).isNotNull().and(raw(c.name()).isin(c.allowed().toArray()).equalTo(lit(false)));
        checks.add(new Check(Rule.ALLOWED, c.name(), notAllowed, value(c),
            message(c, "'", value(c), "' is not one of " + String.join(", ", c.allowed()))));
      }
    }
    for (ColumnSpec c : schema.columns()) {
      if (c.isScalar() && (c.min() != null || c.max() != null)) {
        Column v = col(c.name());
        Column outside = c.min() == null ? v.gt(c.max()) : c.max() == null ? v.lt(c.min()) : v.lt(c.min()).or(v.gt(c.max()));
        String range = bound(c.min()) + " to " + bound(c.max()) + (c.unit() == null ? "" : " " + c.unit());
        checks.add(new Check(Rule.RANGE, c.name(), outside, value(c), message(c, value(c), " is outside " + range)));
      }
    }
    if (schema.name().equals(Schemas.GAIT_SCANS)) {
      checks.addAll(scanStructureChecks());
    }
    return checks;
  }

  /** SCAN_STRUCTURE: exactly one of frames/steps; every frame and peak picture fits the grid; start_s < end_s. */
  private static List<Check> scanStructureChecks() {
    String cells = "cell_rows * cell_cols";
    Column grid = concat_ws("", lit(" cell_rows x cell_cols = "), col("cell_rows"), lit(" x "), col("cell_cols"), lit(" values"));
    return List.of(
        new Check(Rule.SCAN_STRUCTURE, "frames",
            expr("(frames IS NOT NULL AND size(frames) > 0) = (steps IS NOT NULL AND size(steps) > 0)"), lit(null),
            lit("frames, steps: exactly one of frames and steps must be present")),
        new Check(Rule.SCAN_STRUCTURE, "frames",
            expr("exists(frames, f -> f IS NULL OR size(f) != " + cells + ")"), lit(null),
            concat_ws("", lit("frames: a frame does not have"), grid)),
        new Check(Rule.SCAN_STRUCTURE, "steps",
            expr("exists(steps, s -> s IS NULL OR s.peak_kpa IS NULL OR size(s.peak_kpa) != " + cells + ")"), lit(null),
            concat_ws("", lit("steps: a peak_kpa picture does not have"), grid)),
        new Check(Rule.SCAN_STRUCTURE, "steps",
            expr("exists(steps, s -> coalesce(NOT (s.start_s < s.end_s), true))"), lit(null),
            lit("steps: a step does not have start_s < end_s")));
  }

  /** The first failing check as {@code struct(rule, field, value, message)}, or null. */
  static Column firstFailure(List<Check> checks) {
    Column chain = null;
    for (Check c : checks) {
      Column failure = failure(c.rule(), c.field(), c.value(), c.message());
      Column fails = coalesce(c.fails(), lit(false));
      chain = chain == null ? when(fails, failure) : chain.when(fails, failure);
    }
    return chain; // no ELSE: null when every check passes
  }

  static Column failure(Rule rule, String field, Column value, Column message) {
    return struct(
        lit(rule.name()).as("rule"),
        lit(field).cast(DataTypes.StringType).as("field"),
        value.cast(DataTypes.StringType).as("value"),
        message.cast(DataTypes.StringType).as("message"));
  }

  /** Strict parse of a scalar from its raw string: null when absent or not of the type. */
  private static Column parsed(ColumnSpec c) {
    Column raw = raw(c.name());
    DataType type = c.dataType();
    if (type instanceof IntegralType) {
      return when(raw.rlike(INTEGER_REGEX), raw.cast(type));
    }
    if (type instanceof FractionalType) {
      Column number = raw.cast(type);
      return when(raw.rlike(DECIMAL_REGEX).and(number.isNotNull())
          .and(number.notEqual(lit(Double.POSITIVE_INFINITY))).and(number.notEqual(lit(Double.NEGATIVE_INFINITY))), number);
    }
    if (type instanceof BooleanType) {
      return when(raw.rlike(BOOLEAN_REGEX), lower(raw).equalTo(lit("true")));
    }
    return raw.cast(type);
  }

  private Column value(ColumnSpec c) {
    return value(c.name());
  }

  private Column value(String column) {
    return redaction.shownValue(column);
  }

  private static Column message(ColumnSpec c, Object... parts) {
    return message(c.name(), parts);
  }

  private static Column message(String column, Object... parts) {
    List<Column> cols = new ArrayList<>();
    cols.add(lit(column + ": "));
    for (Object p : parts) {
      cols.add(p instanceof Column pc ? pc : lit(p));
    }
    return concat_ws("", cols.toArray(Column[]::new));
  }

  private List<ColumnSpec> scalars(Class<? extends DataType> type) {
    return schema.columns().stream().filter(c -> c.isScalar() && type.isInstance(c.dataType())).toList();
  }

  private static String typeName(DataType type) {
    if (type instanceof IntegralType) {
      return "a whole number";
    }
    if (type instanceof FractionalType) {
      return "a number";
    }
    if (type instanceof BooleanType) {
      return "true or false";
    }
    return "a " + type.simpleString().toLowerCase(Locale.ROOT);
  }

  private static String bound(Double v) {
    if (v == null) {
      return "";
    }
    return v == Math.rint(v) ? Long.toString(v.longValue()) : v.toString();
  }
}
