package org.gaitoutcomes.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.gaitoutcomes.schema.Schemas;

/**
 * The simulated tables as Spark Datasets, each generated in parallel from {@code spark.range(N)}: every
 * row is a function of (parameters, seed, patient index) only, so the content does not depend on the
 * number of partitions. Nothing per patient runs on the driver. Flat input tables are all-string (the
 * CSV text, including injected errors); gait_scans and the truth tables are typed by their contracts.
 */
public final class SimulationTables {
  private final SparkSession spark;
  private final SimulationParams params;
  private final long seed;
  private final long patients;
  private final int partitions;
  private final List<InjectedErrors.Injection> errors;

  public SimulationTables(SparkSession spark, SimulationParams params, long seed, long patients, int partitions, int injectErrors) {
    if (patients < 1) {
      throw new IllegalArgumentException("patients must be >= 1, got " + patients);
    }
    this.spark = spark;
    this.params = params;
    this.seed = seed;
    this.patients = patients;
    this.partitions = partitions > 0 ? partitions
        : (int) Math.max(spark.sparkContext().defaultParallelism(), (patients + params.patientsPerPartition - 1) / params.patientsPerPartition);
    this.errors = InjectedErrors.plan(patients, injectErrors);
  }

  public List<InjectedErrors.Injection> errors() {
    return errors;
  }

  public int partitions() {
    return partitions;
  }

  private Dataset<Long> ids() {
    return spark.range(0, patients, 1, partitions);
  }

  /** A per-patient row generator; only needs (params, seed, errors), never the driver's state. */
  @FunctionalInterface
  interface RowsOf extends java.io.Serializable {
    List<Row> rows(SimulationParams p, long seed, long index, List<InjectedErrors.Injection> errors);
  }

  private Dataset<Row> generate(StructType schema, RowsOf rowsOf) {
    SimulationParams p = params;
    long s = seed;
    List<InjectedErrors.Injection> e = errors;
    return ids().flatMap((FlatMapFunction<Long, Row>) index -> rowsOf.rows(p, s, index, e).iterator(), Encoders.row(schema));
  }

  public Dataset<Row> patients() {
    return generate(Schemas.get(Schemas.PATIENTS).rawStringStructType(), (p, s, i, e) ->
        SimulationRows.patients(PatientGenerator.generate(p, s, i), p, InjectedErrors.find(e, i, Schemas.PATIENTS)));
  }

  public Dataset<Row> footExams() {
    return generate(Schemas.get(Schemas.FOOT_EXAMS).rawStringStructType(), (p, s, i, e) ->
        SimulationRows.footExams(PatientGenerator.generate(p, s, i), InjectedErrors.find(e, i, Schemas.FOOT_EXAMS)));
  }

  public Dataset<Row> treatments() {
    return generate(Schemas.get(Schemas.TREATMENTS).rawStringStructType(), (p, s, i, e) ->
        SimulationRows.treatments(PatientGenerator.generate(p, s, i), InjectedErrors.find(e, i, Schemas.TREATMENTS)));
  }

  public Dataset<Row> outcomes() {
    return generate(Schemas.get(Schemas.OUTCOMES).rawStringStructType(), (p, s, i, e) ->
        SimulationRows.outcomes(PatientGenerator.generate(p, s, i), InjectedErrors.find(e, i, Schemas.OUTCOMES)));
  }

  /**
   * gait_scans rows, built in Spark's internal row form ({@link SimulationRows#gaitScansInternal}): the
   * pressure arrays are most of the simulated bytes, and the generic row encoder boxed every value. Same
   * partitions (the ids' range) and the same rows as {@link SimulationRows#gaitScans} through the encoder.
   */
  public Dataset<Row> gaitScans() {
    SimulationParams p = params;
    long s = seed;
    org.apache.spark.rdd.RDD<InternalRow> rows = ids().javaRDD().flatMap((FlatMapFunction<Long, InternalRow>) index -> {
      SimulatedPatient patient = PatientGenerator.generate(p, s, index);
      return SimulationRows.gaitScansInternal(patient, p, GaitScanModel.generate(p, s, patient)).iterator();
    }).rdd();
    // internalCreateDataFrame is Spark-internal (package-private in Scala, public in bytecode): it takes
    // InternalRows as they are, where createDataFrame would convert Rows through the encoder again.
    // Without the contract's column comments, as the encoder path gave.
    return spark.internalCreateDataFrame(rows, simulatedScanSchema(), false);
  }

  /**
   * The gait_scans contract's schema as the simulator fills it: no column comments, and float arrays
   * that hold no nulls ({@code containsNull = false}; the simulator writes NaN outside the insole, never
   * null). Non-null elements let Parquet's two-level list layout store each array as one repeated float
   * ({@link SimulateStage}), instead of a group per element. Readers with the contract's schema read it back.
   */
  static StructType simulatedScanSchema() {
    StructType schema = Schemas.get(Schemas.GAIT_SCANS).structType();
    StructField[] fields = schema.fields().clone();
    for (int i = 0; i < fields.length; i++) {
      fields[i] = new StructField(fields[i].name(), nonNullFloats(fields[i].dataType()), fields[i].nullable(), Metadata.empty());
    }
    return new StructType(fields);
  }

  private static DataType nonNullFloats(DataType type) {
    if (type instanceof ArrayType array) {
      DataType element = nonNullFloats(array.elementType());
      return new ArrayType(element, array.containsNull() && !(element instanceof FloatType));
    }
    if (type instanceof StructType struct) {
      StructField[] fields = struct.fields().clone();
      for (int i = 0; i < fields.length; i++) {
        fields[i] = new StructField(fields[i].name(), nonNullFloats(fields[i].dataType()), fields[i].nullable(), fields[i].metadata());
      }
      return new StructType(fields);
    }
    return type;
  }

  public Dataset<Row> truthOutcomes() {
    return generate(Schemas.get(Schemas.TRUTH_OUTCOMES).structType(), (p, s, i, e) ->
        SimulationRows.truthOutcomes(PatientGenerator.generate(p, s, i)));
  }

  /** scan_manifest rows (all strings) of the patients whose recordings are exported. */
  public Dataset<Row> vendorManifest() {
    return generate(Schemas.get(Schemas.SCAN_MANIFEST).rawStringStructType(), (p, s, i, e) -> {
      String device = VendorExports.device(p, s, i);
      return device == null ? List.of() : VendorExports.manifestRows(PatientGenerator.generate(p, s, i), device);
    });
  }

  /** Writes the vendor export files into {@code folderUri} from the executors; returns nothing to the driver. */
  public void writeVendorFiles(String folderUri) {
    if (params.vendorShare <= 0) {
      return;
    }
    SimulationParams p = params;
    long s = seed;
    SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    ids().foreachPartition((ForeachPartitionFunction<Long>) it -> writePartition(p, s, it, conf.value(), folderUri));
  }

  private static void writePartition(SimulationParams p, long seed, Iterator<Long> ids, Configuration conf, String folderUri) throws IOException {
    FileSystem fs = null;
    while (ids.hasNext()) {
      long index = ids.next();
      String device = VendorExports.device(p, seed, index);
      if (device == null) {
        continue;
      }
      SimulatedPatient patient = PatientGenerator.generate(p, seed, index);
      GaitScanModel.Foot[] feet = GaitScanModel.generate(p, seed, patient);
      for (VendorExports.VendorFile file : VendorExports.files(p, patient, feet, device)) {
        Path path = new Path(folderUri, file.name());
        if (fs == null) {
          fs = path.getFileSystem(conf);
        }
        try (OutputStream out = fs.create(path, true)) {
          out.write(file.content().getBytes(StandardCharsets.US_ASCII));
        }
      }
    }
  }
}
