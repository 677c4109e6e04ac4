package org.gaitoutcomes.cohort;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.gaitoutcomes.spark.ContractTables;
import org.gaitoutcomes.spark.Progress;

/**
 * Reads the cohort's inputs, Parquet folders written by earlier stages, held to their contracts by
 * {@link ContractTables} (the one implementation every stage uses): a missing folder, a missing column or
 * a column of the wrong type fails with one message naming the table, folder and column.
 */
public final class CohortInputs {
  private CohortInputs() {}

  /** The curated table {@code table} from {@code curatedUri/<table>/}; see {@link ContractTables#curated}. */
  public static Dataset<Row> curated(SparkSession spark, String curatedUri, String table) {
    return ContractTables.curated(spark, curatedUri, table);
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
    return ContractTables.read(spark, uri, schema, "baseline features (" + HadoopFiles.fileName(uri) + "/)", "run features first, or check --features");
  }
}
