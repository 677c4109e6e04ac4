package org.gaitoutcomes.spark;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
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

/**
 * The one way a stage reads a table written by an earlier stage and holds a table to its data contract
 * ({@code schemas/}), before any computation: a missing folder, a missing column or a column of an
 * incompatible type fails with one message naming the table, the folder (its last component only) and the
 * column. A conformed table has exactly the contract's columns, in contract order and types: numeric
 * widths are cast; any other difference (ignoring nullability) is an error, never a silent cast.
 */
public final class ContractTables {
  private ContractTables() {}

  /**
   * The curated table {@code table} from {@code curatedUri/<table>/}. Ingest writes every curated table
   * (empty when its input had none), so an absent one means the folder is not an ingest output: an error.
   */
  public static Dataset<Row> curated(SparkSession spark, String curatedUri, String table) {
    String where = "curated table '" + table + "' (" + HadoopFiles.fileName(curatedUri) + "/" + table + "/)";
    return read(spark, curatedUri + "/" + table, Schemas.get(table), where, "run ingest first, or check --curated");
  }

  /**
   * The Parquet folder {@code uri} held to {@code contract}; {@code where} names it in messages and
   * {@code whenAbsent} says what to do when the folder does not exist.
   */
  public static Dataset<Row> read(SparkSession spark, String uri, TableSchema contract, String where, String whenAbsent) {
    if (!HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), uri)) {
      throw new GaitException(where + " not found: " + whenAbsent);
    }
    Dataset<Row> df;
    try {
      df = ParquetFolders.read(spark, uri);
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw new GaitException(where + " is not a readable Parquet folder: " + firstLine(e.getMessage()), e);
      }
      throw e;
    }
    return conform(df, contract, where);
  }

  /** Selects the contract's columns from {@code df}, failing on a missing column or an incompatible type. */
  public static Dataset<Row> conform(Dataset<Row> df, TableSchema contract, String where) {
    StructType actual = df.schema();
    List<Column> select = new ArrayList<>();
    for (ColumnSpec c : contract.columns()) {
      StructField field = find(actual, c.name());
      if (field == null) {
        throw new GaitException(where + " has no column '" + c.name() + "' (contract " + contract.name() + ")");
      }
      DataType want = c.dataType();
      DataType have = field.dataType();
      boolean sameType = have.catalogString().equals(want.catalogString());
      if (!sameType && !(have instanceof NumericType && want instanceof NumericType)) {
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
