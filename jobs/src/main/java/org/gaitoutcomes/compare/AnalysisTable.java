package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;

/**
 * Reads any analysis table (Parquet or CSV, one row per patient) and prepares it for the engine:
 * a deterministic row key, a 0/1 treatment, the cross-fitting fold, and the exclusion of rows with a
 * missing treatment or covariate (counted per column).
 */
public final class AnalysisTable {
  /** Internal column names (leading underscore: never clash with a study's columns). */
  public static final String KEY = "_key";
  public static final String T = "_t";
  public static final String FOLD = "_fold";

  private AnalysisTable() {}

  /**
   * Reads Parquet, or CSV by extension. A CSV (a header line; "NA" or an empty field is missing) has no
   * contract, so every column is read as text and then typed from a check of all its values, in one
   * pass ({@link #typeCsvColumns}): a column whose every value is a whole number becomes long, one whose
   * every value is a number becomes double, true/false becomes boolean, anything else stays text (a
   * categorical covariate). No value is ever turned into a missing one by the typing.
   */
  public static Dataset<Row> read(SparkSession spark, String uri) {
    return readWithCounts(spark, uri).table();
  }

  /** A table as read, and for a CSV the number of values (non-missing) per column found while typing it (null for Parquet). */
  public record Read(Dataset<Row> table, Map<String, Long> valueCounts) {}

  /** As {@link #read}, keeping the value counts of the CSV typing pass for the covariate check ({@link AvailableCovariates}). */
  public static Read readWithCounts(SparkSession spark, String uri) {
    if (!HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), uri)) {
      throw new GaitException("analysis table not found: " + uri);
    }
    boolean csv = uri.toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
    if (!csv && !uri.toLowerCase(java.util.Locale.ROOT).endsWith(".parquet")) {
      List<FileStatus> files = HadoopFiles.listDataFiles(spark.sparkContext().hadoopConfiguration(), uri);
      csv = !files.isEmpty() && files.stream().allMatch(f -> f.getPath().getName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv"));
    }
    try {
      return csv ? typeCsvColumns(spark.read().option("header", "true").option("nullValue", "NA").csv(uri))
          : new Read(spark.read().parquet(uri), null);
    } catch (RuntimeException e) {
      throw new GaitException("cannot read analysis table " + uri + ": " + firstLine(e.getMessage()), e);
    }
  }

  /**
   * Types the text columns of a CSV from one aggregate pass over all values: per column the number of
   * values, of values that are numbers, of whole numbers, and of true/false.
   */
  static Read typeCsvColumns(Dataset<Row> text) {
    String[] names = text.columns();
    List<Column> aggs = new ArrayList<>();
    for (String name : names) {
      Column c = col("`" + name + "`");
      Column number = c.cast("double");
      aggs.add(org.apache.spark.sql.functions.count(c));
      aggs.add(org.apache.spark.sql.functions.count(number));
      aggs.add(sum(when(number.isNotNull().and(number.equalTo(org.apache.spark.sql.functions.floor(number)))
          .and(org.apache.spark.sql.functions.abs(number).lt(9.0e15)), 1L).otherwise(0L)));
      aggs.add(sum(when(org.apache.spark.sql.functions.lower(c).isin("true", "false"), 1L).otherwise(0L)));
    }
    if (names.length == 0) {
      return new Read(text, Map.of());
    }
    // driver-safe: one row of four counts per column
    Row r = text.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    Map<String, Long> values = new LinkedHashMap<>();
    Dataset<Row> typed = text;
    for (int i = 0; i < names.length; i++) {
      long n = r.getLong(4 * i);
      long numbers = r.getLong(4 * i + 1);
      long whole = r.isNullAt(4 * i + 2) ? 0 : r.getLong(4 * i + 2);
      long booleans = r.isNullAt(4 * i + 3) ? 0 : r.getLong(4 * i + 3);
      values.put(names[i], n);
      String type = n == 0 ? null : booleans == n ? "boolean" : whole == n ? "long" : numbers == n ? "double" : null;
      if (type != null) {
        typed = typed.withColumn(names[i], col("`" + names[i] + "`").cast(type));
      }
    }
    return new Read(typed, values);
  }

  /** The result of preparation: usable rows and how many were excluded for which missing column. */
  public record Prepared(Dataset<Row> rows, long rowsRead, long rowsExcluded, Map<String, Long> missingByColumn,
      List<String> categorical) {}

  /**
   * Adds {@link #KEY}, {@link #T}, {@link #FOLD}; excludes rows with a missing treatment or covariate,
   * counting them per column; fails naming the column and value when the treatment is not 0/1.
   */
  public static Prepared prepare(Dataset<Row> table, CompareSpec spec, List<String> requiredColumns) {
    List<String> missing = new ArrayList<>();
    for (String c : requiredColumns) {
      if (!Arrays.asList(table.columns()).contains(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new GaitException("analysis table has no column(s) " + missing + " (columns: " + String.join(", ", table.columns()) + ")");
    }
    List<String> categorical = new ArrayList<>();
    for (String c : spec.covariates()) {
      DataType type = table.schema().apply(c).dataType();
      if (type instanceof StringType) {
        categorical.add(c);
      } else if (!(type instanceof NumericType) && !(type instanceof BooleanType)) {
        throw new GaitException("covariate " + c + " has type " + type.simpleString() + "; expected a number, boolean or string");
      }
    }
    Column treatment = treatmentColumn(table, spec.treatment());
    Column key = Arrays.asList(table.columns()).contains(spec.idColumn())
        ? xxhash64(col(spec.idColumn()).cast("string"))
        : xxhash64(Arrays.stream(table.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new));
    Dataset<Row> keyed = table.withColumn(T, treatment).withColumn(KEY, key);

    List<Column> counts = new ArrayList<>();
    counts.add(sum(lit(1L)).as("_rows"));
    counts.add(sum(when(col(T).isNull().and(col(spec.treatment()).isNotNull()), 1L).otherwise(0L)).as("_bad_treatment"));
    counts.add(sum(when(col(spec.treatment()).isNull(), 1L).otherwise(0L)).as(spec.treatment()));
    Column complete = col(T).isNotNull();
    for (String c : spec.covariates()) {
      counts.add(sum(when(col(c).isNull(), 1L).otherwise(0L)).as(c));
      complete = complete.and(col(c).isNotNull());
    }
    counts.add(sum(when(complete, 0L).otherwise(1L)).as("_excluded"));
    counts.add(org.apache.spark.sql.functions.countDistinct(col(KEY)).as("_keys"));
    // driver-safe: one row of counts
    Row r = keyed.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    long rows = r.isNullAt(0) ? 0 : r.getLong(0);
    if (rows == 0) {
      throw new GaitException("the analysis table has no rows");
    }
    long keys = r.getLong(r.length() - 1);
    if (keys != rows) {
      throw new GaitException("the analysis table must have one row per patient: " + (rows - keys) + " row(s) repeat a value of "
          + (Arrays.asList(table.columns()).contains(spec.idColumn()) ? "the id column " + spec.idColumn() : "every column (no id column " + spec.idColumn() + ")"));
    }
    if (!r.isNullAt(1) && r.getLong(1) > 0) {
      // driver-safe: one treatment value for the error message
      Row bad = keyed.filter(col(T).isNull().and(col(spec.treatment()).isNotNull())).select(col(spec.treatment()).cast("string")).first();
      throw new GaitException("treatment column " + spec.treatment() + " must be 0/1 (or true/false); " + r.getLong(1)
          + " row(s) have another value, e.g. '" + bad.getString(0) + "'");
    }
    Map<String, Long> byColumn = new LinkedHashMap<>();
    byColumn.put(spec.treatment(), r.getLong(2));
    for (int i = 0; i < spec.covariates().size(); i++) {
      byColumn.put(spec.covariates().get(i), r.getLong(3 + i));
    }
    long excluded = r.getLong(3 + spec.covariates().size());
    Dataset<Row> kept = keyed.filter(complete)
        .withColumn(FOLD, pmod(xxhash64(col(KEY), lit(spec.seed())), lit(spec.folds())).cast("int"));
    for (String c : spec.covariates()) {
      if (!categorical.contains(c)) {
        kept = kept.withColumn(c, col(c).cast("double"));
      }
    }
    return new Prepared(kept, rows, excluded, byColumn, categorical);
  }

  /** 0/1 as double from a numeric or boolean column; null for any other value (reported as bad). */
  static Column treatmentColumn(Dataset<Row> table, String name) {
    StructField f = table.schema().apply(name);
    Column c = f.dataType() instanceof BooleanType ? col(name).cast("double") : col(name).cast("double");
    return when(c.equalTo(0).or(c.equalTo(1)), c);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }
}
