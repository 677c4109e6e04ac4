package org.gaitoutcomes.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.features.FeaturesStage;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one conformance every stage uses: numeric widths cast, anything else refused with the column named. */
class ContractTablesTest {
  @TempDir
  Path tmp;

  @Test
  void castsNumericWidthsAndRefusesOtherTypes() {
    SparkSession spark = SparkTestSession.get();
    TableSchema contract = Schemas.get(Schemas.TREATMENTS);
    Dataset<Row> asLong = spark.createDataFrame(List.of(), contract.structType());
    for (var f : contract.structType().fields()) {
      if (f.dataType().equals(DataTypes.IntegerType)) {
        asLong = asLong.withColumn(f.name(), asLong.col(f.name()).cast("long"));
      }
    }
    assertEquals(contract.structType().catalogString(), ContractTables.conform(asLong, contract, "test").schema().catalogString());

    String intColumn = contract.columns().stream().filter(c -> c.type().equals("int")).findFirst().orElseThrow().name();
    Dataset<Row> asString = spark.createDataFrame(List.of(), contract.structType()).withColumn(intColumn,
        org.apache.spark.sql.functions.col(intColumn).cast("string"));
    GaitException e = assertThrows(GaitException.class, () -> ContractTables.conform(asString, contract, "curated table 'treatments'"));
    assertEquals("curated table 'treatments': column '" + intColumn + "' has type string, contract treatments says int", e.getMessage());
  }

  @Test
  void featuresRefusesAMissingCuratedTableLikeCohortDoes() {
    SparkSession spark = SparkTestSession.get();
    String curated = tmp.resolve("curated").toString();
    spark.createDataFrame(List.<Row>of(), Schemas.get(Schemas.PATIENTS).structType()).write().parquet(curated + "/" + Schemas.PATIENTS);
    GaitException e = assertThrows(GaitException.class,
        () -> FeaturesStage.run(spark, Settings.defaults(), curated, null, tmp.resolve("features").toString()));
    assertEquals("curated table 'foot_exams' (curated/foot_exams/) not found: run ingest first, or check --curated", e.getMessage());
  }
}
