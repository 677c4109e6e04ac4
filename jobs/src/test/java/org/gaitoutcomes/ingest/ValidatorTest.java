package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** One bad-input case per rule: each line's first failure as "RULE field value", or "ok". */
class ValidatorTest {
  private final SparkSession spark = SparkTestSession.get();

  private static final String TREATMENT = "{\"patient_id\":\"P0001\",\"device_type\":\"custom\",\"start_day\":0,\"posting\":\"none\"";

  @Test
  void malformed() {
    assertEquals(List.of("ok", "MALFORMED null null"), failures(Schemas.TREATMENTS, TREATMENT + "}", "{\"patient_id\":\"P0001\","));
  }

  @Test
  void identifierIsMaskedAndComesBeforePattern() {
    assertEquals(List.of("IDENTIFIER patient_id <masked>", "IDENTIFIER posting <masked>"), failures(Schemas.TREATMENTS,
        "{\"patient_id\":\"123-45-6789\",\"device_type\":\"custom\",\"start_day\":0}",
        TREATMENT.replace("\"none\"", "\"call 555-123-4567\"") + "}"));
  }

  @Test
  void required() {
    assertEquals(List.of("REQUIRED device_type null", "REQUIRED start_day null"), failures(Schemas.TREATMENTS,
        "{\"patient_id\":\"P0001\",\"device_type\":\"  \",\"start_day\":0}",
        "{\"patient_id\":\"P0001\",\"device_type\":\"otc\"}"));
  }

  @Test
  void typeIsStrict() {
    assertEquals(List.of("TYPE start_day 3.5", "TYPE start_day 3e0", "TYPE adherence NaN", "ok"), failures(Schemas.TREATMENTS,
        TREATMENT.replace("\"start_day\":0", "\"start_day\":3.5") + "}",
        TREATMENT.replace("\"start_day\":0", "\"start_day\":\"3e0\"") + "}",
        TREATMENT + ",\"adherence\":\"NaN\"}",
        TREATMENT + ",\"adherence\":\"5e-1\",\"heel_lift_mm\":\" 3 \"}"));
    assertEquals(List.of("TYPE prior_orthotic yes"), failures(Schemas.PATIENTS,
        "{\"patient_id\":\"P0001\",\"sex\":\"F\",\"age_years\":40,\"site\":\"S1\",\"prior_orthotic\":\"yes\"}"));
  }

  @Test
  void beforeBaselineComesBeforeRange() {
    assertEquals(List.of("BEFORE_BASELINE start_day -1"), failures(Schemas.TREATMENTS,
        TREATMENT.replace("\"start_day\":0", "\"start_day\":-1") + "}"));
  }

  @Test
  void pattern() {
    assertEquals(List.of("PATTERN patient_id P1"), failures(Schemas.TREATMENTS, TREATMENT.replace("P0001", "P1") + "}"));
  }

  @Test
  void allowed() {
    assertEquals(List.of("ALLOWED device_type Custom"), failures(Schemas.TREATMENTS, TREATMENT.replace("custom", "Custom") + "}"));
  }

  @Test
  void range() {
    assertEquals(List.of("RANGE adherence 1.5", "RANGE start_day 3651"), failures(Schemas.TREATMENTS,
        TREATMENT + ",\"adherence\":1.5}",
        TREATMENT.replace("\"start_day\":0", "\"start_day\":3651") + "}"));
  }

  @Test
  void scanStructure() {
    assertEquals(List.of("ok", "SCAN_STRUCTURE frames null", "SCAN_STRUCTURE frames null", "SCAN_STRUCTURE steps null",
        "SCAN_STRUCTURE steps null", "ok"), failures(Schemas.GAIT_SCANS,
        IngestStageTest.scan("S001", "\"frames\":[[1,2,3,4]]"),
        IngestStageTest.scan("S002", "\"frames\":[]"),
        IngestStageTest.scan("S003", "\"frames\":[[1,2,3,4],[1,2,3,4,5]]"),
        IngestStageTest.scan("S004", "\"steps\":[{\"start_s\":0.1,\"end_s\":0.6,\"peak_kpa\":[1,2]}]"),
        IngestStageTest.scan("S005", "\"steps\":[" + IngestStageTest.step(0.6, 0.6) + "]"),
        IngestStageTest.scan("S006", "\"steps\":[" + IngestStageTest.step(0.1, 0.6) + "]")));
  }

  @Test
  void duplicateKeyQuarantinesEveryCopyButOnlyAmongValidRecords() {
    TableSchema schema = Schemas.get(Schemas.TREATMENTS);
    Redaction redaction = new Redaction(schema, Optional.empty());
    Dataset<Row> checked = KeyChecks.rejectDuplicateKeys(validated(schema,
        TREATMENT + "}", TREATMENT + ",\"adherence\":0.5}", TREATMENT + ",\"adherence\":2}",
        TREATMENT.replace("\"start_day\":0", "\"start_day\":7") + "}"), schema, redaction);
    assertEquals(List.of("DUPLICATE_KEY patient_id, start_day P0001, 0", "DUPLICATE_KEY patient_id, start_day P0001, 0",
        "RANGE adherence 2", "ok"), describe(checked));
    assertEquals("(patient_id, start_day) = (P0001, 0) is shared by 2 records; all of them are quarantined",
        checked.filter("_g_row = 1").select(col(Validator.FAILURE).getField("message")).first().getString(0));
  }

  @Test
  void unknownPatient() {
    TableSchema schema = Schemas.get(Schemas.TREATMENTS);
    Dataset<Row> accepted = spark.createDataset(List.of("P0001"), Encoders.STRING()).toDF(KeyChecks.PATIENT_ID);
    Dataset<Row> checked = KeyChecks.rejectUnknownPatients(validated(schema,
        TREATMENT + "}", TREATMENT.replace("P0001", "P0002") + "}"), accepted, new Redaction(schema, Optional.empty()));
    assertEquals(List.of("ok", "UNKNOWN_PATIENT patient_id P0002"), describe(checked));
  }

  private List<String> failures(String table, String... jsonLines) {
    return describe(validated(Schemas.get(table), jsonLines));
  }

  /** Validates JSON lines as ingest does; {@code _g_row} numbers the lines. */
  private Dataset<Row> validated(TableSchema schema, String... jsonLines) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < jsonLines.length; i++) {
      lines.add(jsonLines[i]);
    }
    Dataset<Row> read = spark.read()
        .schema(schema.rawStringStructType().add(SourceReader.CORRUPT, DataTypes.StringType))
        .option("columnNameOfCorruptRecord", SourceReader.CORRUPT)
        .json(spark.createDataset(lines, Encoders.STRING()).coalesce(1))
        .withColumn(RowNumbers.ROW, org.apache.spark.sql.functions.monotonically_increasing_id().plus(1));
    return new Validator(schema, new Redaction(schema, Optional.empty())).validate(read);
  }

  private static List<String> describe(Dataset<Row> checked) {
    List<String> out = new ArrayList<>();
    for (Row r : checked.orderBy(RowNumbers.ROW).select(Validator.FAILURE).collectAsList()) {
      Row f = r.getStruct(0);
      out.add(f == null ? "ok" : f.getString(0) + " " + f.getString(1) + " " + f.getString(2));
    }
    return out;
  }
}
