package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The internal-row gait_scans path gives exactly the rows of the row-encoder path. */
class GaitScanInternalRowsTest {
  @Test
  void internalRowsEqualEncodedRows() {
    SparkSession spark = SparkTestSession.get();
    SimulationParams p = SimulationParams.from(Settings.defaults());
    long seed = 21L;
    int n = 40;
    List<Row> encoded = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      SimulatedPatient patient = PatientGenerator.generate(p, seed, i);
      encoded.addAll(SimulationRows.gaitScans(patient, p, GaitScanModel.generate(p, seed, patient)));
    }
    Dataset<Row> expected = spark.createDataFrame(encoded, Schemas.get(Schemas.GAIT_SCANS).structType());
    Dataset<Row> actual = new SimulationTables(spark, p, seed, n, 3, 0).gaitScans();
    // Same names, types and nullability but for the float arrays, which hold no nulls (two-level Parquet
    // lists); the written files carry no column comments, as before.
    assertEquals(SimulationTables.simulatedScanSchema(), actual.schema());
    assertEquals(java.util.Arrays.toString(expected.schema().asNullable().fields()).replaceAll("\\{[^}]*\\}", "{}"),
        java.util.Arrays.toString(actual.schema().asNullable().fields()));
    assertEquals("ArrayType(FloatType,false)", ((org.apache.spark.sql.types.StructType) ((org.apache.spark.sql.types.ArrayType)
        actual.schema().apply("steps").dataType()).elementType()).apply("peak_kpa").dataType().toString());
    assertTrue(org.apache.spark.sql.catalyst.expressions.Cast.canUpCast(actual.schema().apply("steps").dataType(),
        expected.schema().apply("steps").dataType()), "the contract's readers accept the simulated arrays");
    assertEquals(2L * n, actual.count());
    assertEquals(0L, expected.exceptAll(actual).count());
    assertEquals(0L, actual.exceptAll(expected).count());
    // the arrays themselves, not only a row-level comparison: first patient's left foot, first step
    Row a = actual.orderBy("scan_id", "side").first();
    Row e = expected.orderBy("scan_id", "side").first();
    assertEquals(e.getList(11).size(), a.getList(11).size());
    assertEquals(((Row) e.getList(11).get(0)).getList(2), ((Row) a.getList(11).get(0)).getList(2));
    assertEquals(((Row) e.getList(11).get(0)).getList(5), ((Row) a.getList(11).get(0)).getList(5));
  }
}
