package org.gaitoutcomes.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.junit.jupiter.api.Test;

class SourceReaderTest {
  @Test
  void headerNamesAreTrimmedUnquotedAndFreeOfAByteOrderMark() {
    assertEquals(List.of("patient_id", "sex", "a,b", "age_years"),
        SourceReader.parseHeader("\uFEFFpatient_id, \"sex\" ,\"a,b\",age_years"));
  }

  @Test
  void formatsAreRecognisedByExtension() {
    assertEquals(Optional.of(SourceFormat.CSV), SourceFormat.ofFileName("part-00000-abc-c000.csv"));
    assertEquals(Optional.of(SourceFormat.CSV), SourceFormat.ofFileName("patients.CSV.gz"));
    assertEquals(Optional.of(SourceFormat.JSONL), SourceFormat.ofFileName("part-00000-abc-c000.json"));
    assertEquals(Optional.of(SourceFormat.JSONL), SourceFormat.ofFileName("outcomes.jsonl"));
    assertEquals(Optional.of(SourceFormat.PARQUET), SourceFormat.ofFileName("part-00000-abc.snappy.parquet"));
    assertEquals(Optional.empty(), SourceFormat.ofFileName("patients.xlsx"));
  }

  @Test
  void parquetTypesMustBeCastableWithoutLoss() {
    TableSchema patients = Schemas.get(Schemas.PATIENTS);
    var age = patients.column("age_years").orElseThrow();
    var height = patients.column("height_cm").orElseThrow();
    var sex = patients.column("sex").orElseThrow();
    assertTrue(SourceReader.compatible(DataTypes.LongType, age));
    assertTrue(SourceReader.compatible(DataTypes.ShortType, age));
    assertFalse(SourceReader.compatible(DataTypes.DoubleType, age), "a double is not an int");
    assertFalse(SourceReader.compatible(DataTypes.StringType, age));
    assertTrue(SourceReader.compatible(DataTypes.IntegerType, height));
    assertTrue(SourceReader.compatible(DataTypes.FloatType, height));
    assertFalse(SourceReader.compatible(DataTypes.BooleanType, height));
    assertTrue(SourceReader.compatible(DataTypes.StringType, sex));
    assertFalse(SourceReader.compatible(DataTypes.IntegerType, sex));
    var frames = Schemas.get(Schemas.GAIT_SCANS).column("frames").orElseThrow();
    assertTrue(SourceReader.compatible(frames.dataType(), frames));
    assertFalse(SourceReader.compatible(DataTypes.createArrayType(DataTypes.StringType), frames));
  }
}
