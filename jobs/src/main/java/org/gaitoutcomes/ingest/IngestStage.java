package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.gaitoutcomes.spark.Progress;

/**
 * The ingest stage: reads the input tables against their contracts, validates them, and writes
 * {@code curated/<table>/} (accepted records, exactly the contract's columns), {@code quarantine/}
 * (rejected records with the first rule they broke) and {@value #SUMMARY_FILE} into the output
 * folder it is given (the caller stages and commits it). Every table is located and its files'
 * columns checked before any data is read or anything written.
 */
public final class IngestStage {
  public static final String CURATED = "curated";
  public static final String QUARANTINE = "quarantine";
  public static final String SUMMARY_FILE = "ingest-summary.json";

  /** Tables that must be present; the others may be absent (0 rows, reported). */
  public static final Set<String> REQUIRED_TABLES = Set.of(Schemas.PATIENTS, Schemas.TREATMENTS, Schemas.OUTCOMES);

  private static final String TOP_CODED = "_g_top_coded";

  private IngestStage() {}

  public static IngestSummary run(SparkSession spark, Config config, String inputUri, String outputUri) {
    return run(spark, config, inputUri, outputUri, System.getenv());
  }

  /** As {@link #run(SparkSession, Config, String, String)}, with the environment the re-keying key is read from. */
  public static IngestSummary run(SparkSession spark, Config config, String inputUri, String outputUri,
      Map<String, String> environment) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Optional<Rekeyer> rekeyer = config.getBoolean("gait.ingest.rekey.enabled")
        ? Optional.of(Rekeyer.fromEnvironment(environment, config.getString("gait.ingest.rekey.key-env")))
        : Optional.empty();
    Map<String, SourceReader.Inspection> inspections = inspectAll(spark, hadoop, inputUri);

    List<IngestSummary.TableSummary> tables = new ArrayList<>();
    Dataset<Row> patientsChecked = null;
    Dataset<Row> acceptedPatientIds = null;
    try {
      for (String table : Schemas.INGEST_TABLES) {
        TableSchema schema = Schemas.get(table);
        Redaction redaction = new Redaction(schema, rekeyer);
        Dataset<Row> patients = acceptedPatientIds;
        TableOutcome outcome = Progress.stage("ingest " + table,
            () -> ingestTable(spark, schema, inspections.get(table), redaction, patients, outputUri),
            o -> o.summary().rowsRead() + " rows read, " + o.summary().rowsAccepted() + " accepted, "
                + o.summary().rowsQuarantined() + " quarantined");
        tables.add(outcome.summary());
        if (table.equals(Schemas.PATIENTS)) {
          // Kept cached until the end: the child tables check their patient_id against it.
          patientsChecked = outcome.checked();
          acceptedPatientIds = patientsChecked.filter(col(Validator.FAILURE).isNull()).select(KeyChecks.PATIENT_ID);
        } else {
          outcome.checked().unpersist();
        }
      }
    } finally {
      unpersist(patientsChecked);
    }
    IngestSummary summary = new IngestSummary(tables);
    HadoopFiles.writeString(hadoop, outputUri + "/" + SUMMARY_FILE, summary.toJson());
    return summary;
  }

  /** A table's validated frame (persisted: the caller unpersists it) and its summary. */
  private record TableOutcome(Dataset<Row> checked, IngestSummary.TableSummary summary) {}

  /** Locates every input table and checks its files' columns; fails before anything is read or written. */
  private static Map<String, SourceReader.Inspection> inspectAll(SparkSession spark, Configuration hadoop, String inputUri) {
    if (!HadoopFiles.exists(hadoop, inputUri)) {
      throw new GaitException("input folder not found: " + HadoopFiles.fileName(inputUri));
    }
    Map<String, SourceReader.Inspection> inspections = new LinkedHashMap<>();
    for (String table : Schemas.INGEST_TABLES) {
      TableSchema schema = Schemas.get(table);
      Optional<SourceTable> source = SourceTable.locate(hadoop, inputUri, schema);
      if (source.isEmpty() && REQUIRED_TABLES.contains(table)) {
        throw new GaitException("required table " + table + " is missing from the input (expected " + table + ".csv, "
            + table + ".jsonl, " + table + ".parquet or a folder " + table + "/)");
      }
      try {
        inspections.put(table, source.map(s -> SourceReader.inspect(spark, s, schema)).orElse(null));
      } catch (GaitException e) {
        throw e;
      } catch (Exception e) {
        throw new GaitException("cannot read table " + table + " from " + source.get().displayName() + ": " + rootMessage(e), e);
      }
    }
    return inspections;
  }

  /**
   * Reads, numbers and validates one table (record rules, duplicate keys, unknown patients), top-codes
   * ages, counts, and writes its curated and quarantine rows. The scan is persisted once (so the row
   * tags are computed once); the validated frame is persisted and materialized by the one counting
   * aggregation, which both writes then reuse.
   */
  private static TableOutcome ingestTable(SparkSession spark, TableSchema schema, SourceReader.Inspection inspection,
      Redaction redaction, Dataset<Row> acceptedPatientIds, String outputUri) {
    Dataset<Row> scanned = (inspection == null ? SourceReader.empty(spark, schema) : SourceReader.read(spark, inspection))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> checked = null;
    try {
      List<RowNumbers.Block> blocks = RowNumbers.blocks(scanned);
      checked = new Validator(schema, redaction).validate(RowNumbers.withSourceRow(spark, scanned, blocks));
      checked = KeyChecks.rejectDuplicateKeys(checked, schema, redaction);
      if (schema.foreignKeys().stream().anyMatch(fk -> fk.references().equals(Schemas.PATIENTS))) {
        checked = KeyChecks.rejectUnknownPatients(checked, acceptedPatientIds, redaction);
      }
      checked = topCodeAges(checked, redaction).persist(StorageLevel.MEMORY_AND_DISK());
      IngestSummary.TableSummary summary = summarize(checked, schema, inspection, RowNumbers.rows(blocks));
      scanned.unpersist();
      writeCurated(checked, schema, redaction, outputUri + "/" + CURATED + "/" + schema.name());
      writeQuarantine(checked, schema, redaction, outputUri + "/" + QUARANTINE);
      return new TableOutcome(checked, summary);
    } catch (GaitException | IllegalStateException e) {
      unpersist(checked);
      throw e;
    } catch (Exception e) {
      unpersist(checked);
      throw new GaitException("cannot ingest table " + schema.name()
          + (inspection == null ? "" : " from " + inspection.source().displayName()) + ": " + rootMessage(e), e);
    } finally {
      scanned.unpersist();
    }
  }

  /** Counts per rule (null = accepted) and top-coded records, in one aggregation over the validated frame. */
  private static IngestSummary.TableSummary summarize(Dataset<Row> checked, TableSchema schema,
      SourceReader.Inspection inspection, long rowsRead) {
    List<Row> counts = checked
        .groupBy(col(Validator.FAILURE).getField("rule").as("rule"))
        .agg(count(lit(1)), sum(when(col(TOP_CODED), 1L).otherwise(0L)))
        // driver-safe: one aggregate row per rule, at most a dozen
        .collectAsList();
    Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
    long accepted = 0;
    long topCoded = 0;
    for (Row r : counts) {
      if (r.isNullAt(0)) {
        accepted = r.getLong(1);
      } else {
        byRule.put(Rule.valueOf(r.getString(0)), r.getLong(1));
      }
      topCoded += r.getLong(2);
    }
    Map<String, Long> byRuleName = new LinkedHashMap<>();
    byRule.forEach((rule, n) -> byRuleName.put(rule.name(), n));
    long quarantined = byRule.values().stream().mapToLong(Long::longValue).sum();
    boolean present = inspection != null;
    SourceFormat format = present ? inspection.source().format() : null;
    return new IngestSummary.TableSummary(schema.name(), present, format == null ? null : format.contractName(),
        present ? inspection.source().files().size() : 0, rowsRead, accepted, quarantined, byRuleName,
        present ? inspection.droppedColumns() : List.of(), topCoded);
  }

  /** Accepted records, exactly the contract's columns in order and types (ids re-keyed when enabled). */
  private static void writeCurated(Dataset<Row> checked, TableSchema schema, Redaction redaction, String uri) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.structType().fields()) {
      columns.add(redaction.curatedId(f.name()).cast(f.dataType()).as(f.name(), f.metadata()));
    }
    checked.filter(col(Validator.FAILURE).isNull())
        .select(columns.toArray(Column[]::new))
        .write().mode(SaveMode.ErrorIfExists).parquet(uri);
  }

  /** Rejected records in the quarantine contract's columns, appended to the shared quarantine folder. */
  private static void writeQuarantine(Dataset<Row> checked, TableSchema schema, Redaction redaction, String uri) {
    Column failure = col(Validator.FAILURE);
    List<Column> columns = List.of(
        lit(schema.name()).as("table"),
        regexp_extract(col(RowNumbers.FILE), "([^/]*)$", 1).as("source_file"),
        col(RowNumbers.ROW).cast(DataTypes.LongType).as("source_row"),
        failure.getField("rule").as("rule"),
        failure.getField("field").as("field"),
        failure.getField("value").as("value"),
        failure.getField("message").as("message"),
        redaction.recordJson().as("record"));
    Dataset<Row> rows = checked.filter(failure.isNotNull()).select(columns.toArray(Column[]::new));
    List<String> expected = Schemas.get(Schemas.QUARANTINE).columnNames();
    if (!List.of(rows.columns()).equals(expected)) {
      throw new IllegalStateException("quarantine columns " + List.of(rows.columns()) + " differ from the contract " + expected);
    }
    rows.write().mode(SaveMode.Append).parquet(uri);
  }

  private static void unpersist(Dataset<Row> frame) {
    if (frame != null) {
      frame.unpersist();
    }
  }

  /** The first line of the deepest cause's message, with directories stripped from any path in it. */
  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int nl = msg.indexOf('\n');
    return (nl < 0 ? msg : msg.substring(0, nl)).replaceAll("(file|hdfs|s3a?):[^ ]*/", "");
  }

  /** Ages above 89 become 90 in accepted records (HIPAA Safe Harbor); {@value #TOP_CODED} flags them. */
  private static Dataset<Row> topCodeAges(Dataset<Row> checked, Redaction redaction) {
    if (!redaction.isTopCoded(Redaction.AGE_COLUMN)) {
      return checked.withColumn(TOP_CODED, lit(false));
    }
    Column age = col(Redaction.AGE_COLUMN);
    Column topCoded = col(Validator.FAILURE).isNull().and(age.gt(Redaction.AGE_TOP_CODE_ABOVE));
    return checked
        .withColumn(TOP_CODED, topCoded)
        .withColumn(Redaction.AGE_COLUMN, when(col(TOP_CODED), lit(Redaction.AGE_TOP_CODE)).otherwise(age));
  }
}
