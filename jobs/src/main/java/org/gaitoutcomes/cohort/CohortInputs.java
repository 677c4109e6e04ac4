package org.gaitoutcomes.cohort;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.gaitoutcomes.spark.ParquetFolders;
import org.gaitoutcomes.spark.Progress;

/**
 * Reads the cohort's inputs, Parquet folders written by earlier stages, and checks them against their
 * contracts before any computation: a missing folder, a missing column or a column of the wrong type
 * fails with one message naming the table, folder and column. Returns exactly the contract's columns,
 * in contract order and types (numeric widths are cast).
 */
public final class CohortInputs {
  private CohortInputs() {}

  /** The curated table {@code table} from {@code curatedUri/<table>/}. */
  public static Dataset<Row> curated(SparkSession spark, String curatedUri, String table) {
    String uri = curatedUri + "/" + table;
    String where = "curated table '" + table + "' (" + HadoopFiles.fileName(curatedUri) + "/" + table + "/)";
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (!HadoopFiles.exists(hadoop, uri)) {
      throw new GaitException(where + " not found: run ingest first, or check --curated");
    }
    return conform(read(spark, uri, where), Schemas.get(table), where);
  }

  /**
   * The baseline features (contract baseline_features) from the folder {@code uri}. When {@code uri} is
   * null or absent, every feature column is null (foot covariates unknown), with a warning on the log.
   */
  public static Dataset<Row> baselineFeatures(SparkSession spark, String uri) {
    TableSchema schema = Schemas.get(Schemas.BASELINE_FEATURES);
    if (uri == null || !HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), uri)) {
      Progress.warn("cohort: no baseline features " + (uri == null ? "given" : "at " + HadoopFiles.fileName(uri) + "/")
          + ": every foot covariate is null");
      return spark.createDataFrame(List.of(), schema.structType());
    }
    String where = "baseline features (" + HadoopFiles.fileName(uri) + "/)";
    return conform(read(spark, uri, where), schema, where);
  }

  private static Dataset<Row> read(SparkSession spark, String uri, String where) {
    try {
      return ParquetFolders.read(spark, uri);
    } catch (Exception e) {
      if (e instanceof org.apache.spark.sql.AnalysisException) {
        throw new GaitException(where + " is not a readable Parquet folder: " + firstLine(e.getMessage()), e);
      }
      throw e;
    }
  }

  /** Selects the contract's columns from {@code df}, failing on a missing column or an incompatible type. */
  static Dataset<Row> conform(Dataset<Row> df, TableSchema contract, String where) {
    StructType actual = df.schema();
    List<Column> select = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      StructField field = find(actual, c.name());
      if (field == null) {
        throw new GaitException(where + " has no column '" + c.name() + "' (contract " + contract.name() + ")");
      }
      DataType want = c.dataType();
      DataType have = field.dataType();
      if (!have.equals(want) && !(have instanceof NumericType && want instanceof NumericType)) {
        throw new GaitException(where + ": column '" + c.name() + "' has type " + have.simpleString()
            + ", contract " + contract.name() + " says " + want.simpleString());
      }
      select.add(col(c.name()).cast(want).as(c.name()));
    }
    return df.select(select.toArray(Column[]::new));
  }

  private static StructField find(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
