package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.gaitoutcomes.spark.Progress;
import org.gaitoutcomes.spark.SparkSessions;

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
    Map<String, SourceReader.Inspection> inspections = inspectAll(spark, hadoop, inputUri,
        config.getDouble(MAX_MISSING_OPTIONAL_SHARE));
    long driverLimit = config.getLong("gait.ingest.table-rules.driver-limit");
    FreeText freeText = FreeText.fromConfig(config);
    boolean csvMultiLine = config.getBoolean("gait.ingest.csv.multi-line");

    List<Dataset<Row>> cached = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Broadcast<?>> broadcasts = java.util.Collections.synchronizedList(new ArrayList<>());
    // The table rules' narrow shuffles (keys and tags only) are sized from the input files.
    List<IngestSummary.TableSummary> tables = SparkSessions.withShufflesSizedFor(spark, inputBytes(hadoop, inspections), () -> {
      boolean pinnedScanParallelism = pinScanParallelism(spark);
      List<IngestSummary.TableSummary> ingested = new ArrayList<>();
      try {
        java.util.function.BiFunction<String, Dataset<Row>, TableOutcome> ingest = (table, patients) -> {
          TableSchema schema = Schemas.get(table);
          Redaction redaction = new Redaction(schema, rekeyer, freeText);
          return Progress.stage("ingest " + table,
              () -> ingestTable(spark, schema, inspections.get(table), redaction, patients, outputUri, driverLimit,
                  csvMultiLine, cached, broadcasts),
              o -> o.summary().rowsRead() + " rows read, " + o.summary().rowsAccepted() + " accepted, "
                  + o.summary().rowsQuarantined() + " quarantined");
        };
        TableOutcome patients = ingest.apply(Schemas.PATIENTS, null);
        // Kept cached until the end: the child tables check their patient_id against it.
        Dataset<Row> acceptedPatientIds = patients.checked().filter(col(Validator.FAILURE).isNull()).select(KeyChecks.PATIENT_ID)
            .persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(acceptedPatientIds);
        ingested.add(patients.summary());
        for (TableOutcome child : ingestChildren(t -> ingest.apply(t, acceptedPatientIds))) {
          ingested.add(child.summary());
          cached.remove(child.validated());
          child.validated().unpersist();
        }
      } finally {
        cached.forEach(Dataset::unpersist);
        broadcasts.forEach(b -> b.destroy());
        if (pinnedScanParallelism) {
          spark.conf().unset(LEAF_PARALLELISM);
        }
      }
      return ingested;
    });
    List<String> warnings = new ArrayList<>();
    if (rekeyer.isEmpty()) {
      warnings.add("patient ids were not re-keyed: outputs carry the provider's ids as given; for a shared study set "
          + "gait.ingest.rekey.enabled = true");
    }
    return IngestChecks.apply(new IngestSummary(tables, warnings), config,
        s -> HadoopFiles.writeString(hadoop, outputUri + "/" + SUMMARY_FILE, s.toJson()));
  }

  /**
   * A table's validated frame (persisted; the caller unpersists it), the frame with final failures
   * that was written (a view over the former), and its summary.
   */
  private record TableOutcome(Dataset<Row> validated, Dataset<Row> checked, IngestSummary.TableSummary summary) {}

  /** Child tables ingested at once: a few small jobs each, whose driver-side planning and scheduling then overlap. */
  static final int CONCURRENT_TABLES = 2;

  /**
   * Ingests the tables after patients ({@link Schemas#INGEST_TABLES} order), {@value #CONCURRENT_TABLES}
   * at a time: they depend on the accepted patient ids alone, not on each other. On the 2,500-patient
   * sample each table is four or five jobs of well under a second, so in sequence the cores mostly waited
   * for the driver. Outcomes come back in table order; the first failure (in that order) is thrown
   * after every table has ended. Nothing of a table depends on which tables run beside it (its splits
   * and shuffle sizes are set before), and the quarantine appends, which share one folder, run one at a time.
   */
  private static List<TableOutcome> ingestChildren(java.util.function.Function<String, TableOutcome> ingest) {
    List<java.util.function.Supplier<TableOutcome>> work = Schemas.INGEST_TABLES.stream()
        .filter(t -> !t.equals(Schemas.PATIENTS))
        .map(t -> (java.util.function.Supplier<TableOutcome>) () -> ingest.apply(t))
        .toList();
    return org.gaitoutcomes.spark.Concurrently.run("gait-ingest-table", CONCURRENT_TABLES, work);
  }

  private static final String LEAF_PARALLELISM = "spark.sql.leafNodeDefaultParallelism";

  /**
   * Fixes the parallelism the file scans' splits are planned from for the duration of ingest (unless the
   * session sets it): Spark derives the split size from the input size over the cores registered at
   * planning time, which changes when executors come and go (dynamic allocation), and a table read twice
   * must be split the same way both times for its row tags to agree. Returns true when it set it.
   */
  private static boolean pinScanParallelism(SparkSession spark) {
    if (spark.conf().contains(LEAF_PARALLELISM)) {
      return false;
    }
    spark.conf().set(LEAF_PARALLELISM, Integer.toString(spark.sparkContext().defaultParallelism()));
    return true;
  }

  /** Total size of the input tables' files. */
  private static long inputBytes(Configuration hadoop, Map<String, SourceReader.Inspection> inspections) {
    return inspections.values().stream().filter(in -> in != null)
        .mapToLong(in -> SourceReader.totalBytes(hadoop, in.source().files())).sum();
  }

  static final String MAX_MISSING_OPTIONAL_SHARE = "gait.ingest.checks.max-missing-optional-share";

  /** Fails (before anything is read) when more than {@code maxShare} of a table's optional columns are missing. */
  private static void checkMissingOptional(TableSchema schema, SourceReader.Inspection inspection, double maxShare) {
    long optional = schema.columns().stream().filter(c -> !c.required()).count();
    if (inspection == null || inspection.groups().isEmpty() || optional == 0) {
      return;
    }
    int missing = inspection.missingOptional().size();
    if (missing > maxShare * optional) {
      throw new GaitException("table " + schema.name() + " lacks " + missing + " of its " + optional + " optional columns ("
          + String.join(", ", inspection.missingOptional()) + "), more than " + MAX_MISSING_OPTIONAL_SHARE + " = " + maxShare
          + "; check the header names against schemas/" + schema.name() + ".json");
    }
  }

  /** Locates every input table and checks its files' columns; fails before anything is read or written. */
  private static Map<String, SourceReader.Inspection> inspectAll(SparkSession spark, Configuration hadoop, String inputUri,
      double maxMissingOptionalShare) {
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
        SourceReader.Inspection inspection = source.map(s -> SourceReader.inspect(spark, s, schema)).orElse(null);
        inspections.put(table, inspection);
        checkMissingOptional(schema, inspection, maxMissingOptionalShare);
      } catch (GaitException e) {
        throw e;
      } catch (Exception e) {
        throw new GaitException("cannot read table " + table + " from " + source.get().displayName() + ": " + rootMessage(e), e);
      }
    }
    return inspections;
  }

  /**
   * Reads and validates one table and writes its curated and quarantine rows. The validated frame
   * (every record rule in one projection) is cached without its array columns; one job over it gives
   * the row-number blocks and the counts per record rule; the table rules run on a narrow projection
   * whose few flagged records come back to the driver (at most {@code driverLimit}, else they stay
   * distributed and are joined); then one job writes the curated rows and one the quarantine rows
   * (scalars only: from the cache). A table without arrays is read once. A table with arrays
   * (gait_scans) is read twice, once to validate and once to write its curated rows: caching its
   * pictures cost more than reading them again (issue 15), and the second read gets the same row tags,
   * since the scan's splits and their order depend only on the files and the session's settings
   * (see {@link RowNumbers}).
   */
  private static TableOutcome ingestTable(SparkSession spark, TableSchema schema, SourceReader.Inspection inspection,
      Redaction redaction, Dataset<Row> acceptedPatientIds, String outputUri, long driverLimit, boolean csvMultiLine,
      List<Dataset<Row>> cached, List<Broadcast<?>> broadcasts) {
    Dataset<Row> read = inspection == null ? SourceReader.empty(spark, schema) : SourceReader.read(spark, inspection, csvMultiLine);
    Dataset<Row> fromFiles = new Validator(schema, redaction).validate(read).drop(SourceReader.CORRUPT);
    // The arrays (gait_scans' frames and steps) are checked while the files are read, then dropped: what is
    // kept for the checks, the counts and the quarantine is the scalars, the tags and the failure.
    List<String> arrays = arrayColumns(schema);
    Dataset<Row> validated = fromFiles.drop(arrays.toArray(String[]::new)).persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(validated);
    try {
      Column overTopCode = redaction.isTopCodedTable()
          ? col(Redaction.AGE_COLUMN).gt(Redaction.AGE_TOP_CODE_ABOVE) : lit(false);
      ScanStats stats = ScanStats.of(validated, col(Validator.FAILURE).getField("rule"), overTopCode);
      Dataset<Row> checked;
      Dataset<Row> curated;
      long duplicates = 0;
      long unknown = 0;
      long flaggedOverTopCode = 0;
      if (KeyChecks.hasTableRules(schema)) {
        Dataset<Row> flagged = KeyChecks.flagged(validated, schema.primaryKey(),
            KeyChecks.referencesPatients(schema) ? acceptedPatientIds : null, RowNumbers.TAGS, overTopCode);
        // Flagged records are valid ones: when the valid records fit the limit, so do the flagged ones and
        // a plain collect is enough (a LIMIT would run extra jobs).
        List<Row> few = stats.valid() <= driverLimit
            // driver-safe: at most driverLimit narrow rows (tags and a flag), never record values
            ? flagged.collectAsList()
            // driver-safe: at most driverLimit + 1 narrow rows (tags and a flag), never record values
            : flagged.limit((int) Math.min(Integer.MAX_VALUE - 1, driverLimit) + 1).collectAsList();
        if (few.size() <= driverLimit) {
          TableFlags flags = new TableFlags(few);
          Column flag = flags.column(spark, broadcasts);
          checked = validated.withColumn(Validator.FAILURE, KeyChecks.failure(flag, schema, redaction));
          curated = arrays.isEmpty() ? checked : fromFiles.withColumn(Validator.FAILURE, KeyChecks.failure(flag, schema, redaction));
          duplicates = flags.duplicates();
          unknown = flags.unknown();
          flaggedOverTopCode = flags.overTopCode();
        } else {
          Dataset<Row> distributed = flagged.persist(StorageLevel.MEMORY_AND_DISK());
          cached.add(distributed);
          Row counts = distributed.agg(
              sum(when(col(KeyChecks.FLAG).equalTo(lit(KeyChecks.UNKNOWN)), 0L).otherwise(1L)),
              sum(when(col(KeyChecks.FLAG).equalTo(lit(KeyChecks.UNKNOWN)), 1L).otherwise(0L)),
              sum(when(col(KeyChecks.OVER_TOP_CODE), 1L).otherwise(0L)))
              // driver-safe: one aggregate row
              .first();
          duplicates = counts.isNullAt(0) ? 0 : counts.getLong(0);
          unknown = counts.isNullAt(1) ? 0 : counts.getLong(1);
          flaggedOverTopCode = counts.isNullAt(2) ? 0 : counts.getLong(2);
          checked = KeyChecks.applyFlags(validated, distributed, RowNumbers.TAGS, schema, redaction);
          curated = arrays.isEmpty() ? checked : KeyChecks.applyFlags(fromFiles, distributed, RowNumbers.TAGS, schema, redaction);
        }
      } else {
        checked = validated;
        curated = arrays.isEmpty() ? checked : fromFiles;
      }
      IngestSummary.TableSummary summary = summarize(schema, inspection, stats, duplicates, unknown, flaggedOverTopCode);
      writeCurated(curated, schema, redaction, outputUri + "/" + CURATED + "/" + schema.name());
      writeQuarantine(checked, schema, redaction, stats.blocks(), outputUri + "/" + QUARANTINE);
      return new TableOutcome(validated, checked, summary);
    } catch (GaitException | IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new GaitException("cannot ingest table " + schema.name()
          + (inspection == null ? "" : " from " + inspection.source().displayName()) + ": " + rootMessage(e), e);
    }
  }

  /** The table's array columns (gait_scans' pictures): never cached, read again from the files for the curated write. */
  private static List<String> arrayColumns(TableSchema schema) {
    return schema.columns().stream().filter(c -> !c.isScalar()).map(c -> c.name()).toList();
  }

  /** The table's counts, from the first pass's stats and the table-rule flags. */
  private static IngestSummary.TableSummary summarize(TableSchema schema, SourceReader.Inspection inspection, ScanStats stats,
      long duplicates, long unknown, long flaggedOverTopCode) {
    Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
    byRule.putAll(stats.byRecordRule());
    if (duplicates > 0) {
      byRule.put(Rule.DUPLICATE_KEY, duplicates);
    }
    if (unknown > 0) {
      byRule.put(Rule.UNKNOWN_PATIENT, unknown);
    }
    Map<String, Long> byRuleName = new LinkedHashMap<>();
    byRule.forEach((rule, n) -> byRuleName.put(rule.name(), n));
    long quarantined = byRule.values().stream().mapToLong(Long::longValue).sum();
    long accepted = stats.valid() - duplicates - unknown;
    long topCoded = stats.validOverTopCode() - flaggedOverTopCode;
    boolean present = inspection != null;
    SourceFormat format = present ? inspection.source().format() : null;
    return new IngestSummary.TableSummary(schema.name(), present, format == null ? null : format.contractName(),
        present ? inspection.source().files().size() : 0, stats.rows(), accepted, quarantined, byRuleName,
        present ? masked(inspection.droppedColumns()) : List.of(), topCoded,
        present ? missingOptionalWarnings(inspection) : List.of());
  }

  /** Dropped column names as they may be shown: a name that looks like an identifier (an e-mail address...) is masked. */
  static List<String> masked(List<String> names) {
    return names.stream().map(n -> IdentifierPatterns.kindOf(n).isPresent() ? IdentifierPatterns.MASK : n).toList();
  }

  private static List<String> missingOptionalWarnings(SourceReader.Inspection inspection) {
    return inspection.missingOptional().stream()
        .map(c -> "optional column " + c + " of table " + inspection.schema().name() + " is missing from "
            + (inspection.source().files().size() == 1 ? "the input file" : "some input files") + " (read as empty)")
        .toList();
  }

  /** Accepted records, exactly the contract's columns in order and types (ids re-keyed when enabled). */
  private static void writeCurated(Dataset<Row> checked, TableSchema schema, Redaction redaction, String uri) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.structType().fields()) {
      Column value = redaction.curatedId(f.name());
      if (redaction.isTopCoded(f.name())) {
        value = when(value.gt(Redaction.AGE_TOP_CODE_ABOVE), lit(Redaction.AGE_TOP_CODE)).otherwise(value);
      }
      columns.add(value.cast(f.dataType()).as(f.name(), f.metadata()));
    }
    checked.filter(col(Validator.FAILURE).isNull())
        .select(columns.toArray(Column[]::new))
        .write().mode(SaveMode.ErrorIfExists).parquet(uri);
  }

  /** Held while a table appends to the shared quarantine folder: two jobs appending to one folder at once clash over its _temporary folder. */
  private static final Object QUARANTINE_APPEND = new Object();

  /** Rejected records in the quarantine contract's columns, appended to the shared quarantine folder. */

  private static void writeQuarantine(Dataset<Row> checked, TableSchema schema, Redaction redaction,
      List<RowNumbers.Block> blocks, String uri) {
    Column failure = col(Validator.FAILURE);
    List<Column> columns = List.of(
        lit(schema.name()).as("table"),
        regexp_extract(col(RowNumbers.FILE), "([^/]*)$", 1).as("source_file"),
        RowNumbers.sourceRow(blocks).as("source_row"),
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
    synchronized (QUARANTINE_APPEND) {
      rows.write().mode(SaveMode.Append).parquet(uri);
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
}
