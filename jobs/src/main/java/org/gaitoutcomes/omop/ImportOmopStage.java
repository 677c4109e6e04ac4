package org.gaitoutcomes.omop;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.regexp_extract;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.ingest.Rekeyer;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;

/**
 * import-omop: reads the OMOP tables of {@code inputUri} (CSV with a header or Parquet; a file
 * {@code <table>.csv|.parquet} or a folder {@code <table>/}; column names in any case), groups every
 * record by person_id, maps each person with {@link PersonMapper} and writes into {@code outputUri}
 * our input tables as CSV folders ({@code patients/}, {@code foot_exams/}, {@code treatments/},
 * {@code outcomes/}), the quarantine in the ingest contract ({@code quarantine/}, Parquet) and
 * {@code omop-summary.json}. Does not commit: the command wraps it in a StagedOutput.
 */
public final class ImportOmopStage {
  public static final String SUMMARY_FILE = "omop-summary.json";
  public static final String QUARANTINE = "quarantine";
  /** Our tables the adapter writes, in this order. */
  public static final List<String> OUTPUT_TABLES = List.of(Schemas.PATIENTS, Schemas.FOOT_EXAMS, Schemas.TREATMENTS, Schemas.OUTCOMES);

  private static final StructType RECORD = new StructType()
      .add("table", DataTypes.StringType, false)
      .add("source_file", DataTypes.StringType, true)
      .add("id", DataTypes.LongType, true)
      .add("person_id", DataTypes.StringType, true)
      .add("fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), false);
  private static final StructType OUTPUT = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("values", DataTypes.createArrayType(DataTypes.StringType, true), false);

  private ImportOmopStage() {}

  public static ImportOmopSummary run(SparkSession spark, Config config, String inputUri, String outputUri) {
    return run(spark, config, inputUri, outputUri, System.getenv());
  }

  /** As {@link #run(SparkSession, Config, String, String)}, with the environment that holds the re-keying key. */
  public static ImportOmopSummary run(SparkSession spark, Config config, String inputUri, String outputUri, Map<String, String> environment) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OmopMapping mapping = OmopMapping.from(config);
    Rekeyer rekeyer = mapping.rekey ? Rekeyer.fromEnvironment(environment, config.getString("gait.ingest.rekey.key-env")) : null;
    String base = inputUri.endsWith("/") ? inputUri.substring(0, inputUri.length() - 1) : inputUri;

    Map<String, String> siteNames = new HashMap<>();
    Optional<Dataset<Row>> careSite = read(spark, conf, base, OmopTable.CARE_SITE);
    if (careSite.isPresent() && List.of(careSite.get().columns()).contains("care_site_source_value")) {
      // driver-safe: care_site has one row per clinic or unit
      for (Row r : careSite.get().select("care_site_id", "care_site_source_value").collectAsList()) {
        if (r.getString(0) != null && r.getString(1) != null) {
          siteNames.put(r.getString(0).trim(), r.getString(1).trim());
        }
      }
    }

    Map<String, Observation> read = new LinkedHashMap<>();
    Dataset<Row> all = null;
    for (OmopTable t : OmopTable.personTables()) {
      Optional<Dataset<Row>> table = read(spark, conf, base, t);
      if (table.isEmpty()) {
        continue;
      }
      Observation rows = new Observation("omop_" + t.tableName());
      read.put(t.tableName(), rows);
      Dataset<Row> records = normalized(table.get(), t).observe(rows, count(lit(1)).as("rows"));
      all = all == null ? records : all.unionByName(records);
    }

    PersonMapper mapper = new PersonMapper(mapping, rekeyer, siteNames);
    Dataset<Row> outputs = all
        .groupByKey((MapFunction<Row, String>) r -> r.getString(3), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (personId, rows) -> {
          List<OmopRecord> records = new ArrayList<>();
          while (rows.hasNext()) {
            Row r = rows.next();
            records.add(new OmopRecord(r.getString(0), r.getString(1), r.isNullAt(2) ? 0L : r.getLong(2), r.getString(3),
                r.getJavaMap(4)));
          }
          List<Row> out = new ArrayList<>();
          for (PersonMapper.Output o : mapper.map(personId, records)) {
            out.add(RowFactory.create(o.kind(), scala.collection.JavaConverters.asScalaBuffer(o.values()).toSeq()));
          }
          return out.iterator();
        }, Encoders.row(OUTPUT))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      for (String table : OUTPUT_TABLES) {
        writeTable(outputs, Schemas.get(table), outputUri + "/" + table);
      }
      writeQuarantine(outputs, outputUri + "/" + QUARANTINE);
      Map<String, Long> kinds = new HashMap<>();
      // driver-safe: one row per kind of output row
      outputs.groupBy("kind").count().collectAsList().forEach(r -> kinds.put(r.getString(0), r.getLong(1)));
      Map<String, Long> written = new LinkedHashMap<>();
      OUTPUT_TABLES.forEach(t -> written.put(t, kinds.getOrDefault(t, 0L)));
      long quarantined = kinds.getOrDefault("quarantine", 0L);
      Map<String, Long> readCounts = new LinkedHashMap<>();
      for (Map.Entry<String, Observation> e : read.entrySet()) {
        readCounts.put(e.getKey(), observed(e.getValue()));
      }
      // driver-safe: one row per table, status, rule and unmapped concept
      List<Row> statuses = outputs.filter(col("kind").equalTo(PersonMapper.STATUS))
          .select(col("values").getItem(0).as("table"), col("values").getItem(1).as("status"),
              col("values").getItem(2).as("concept"), col("values").getItem(3).as("rule"))
          // driver-safe: aggregate counts, one row per table, status, rule and unmapped concept id
          .groupBy("table", "status", "concept", "rule").count().collectAsList();
      ImportOmopSummary summary = ImportOmopSummary.of(readCounts, statuses, written, quarantined);
      HadoopFiles.writeString(conf, outputUri + "/" + SUMMARY_FILE, summary.toJson());
      return summary;
    } finally {
      outputs.unpersist();
    }
  }

  /** The table's rows as text columns with lower-case names; empty when the table is absent (fails when required). */
  static Optional<Dataset<Row>> read(SparkSession spark, Configuration conf, String base, OmopTable table) {
    List<String> found = new ArrayList<>();
    for (String candidate : List.of(base + "/" + table.tableName() + ".csv", base + "/" + table.tableName() + ".parquet",
        base + "/" + table.tableName())) {
      if (HadoopFiles.exists(conf, candidate)) {
        found.add(candidate);
      }
    }
    if (found.isEmpty()) {
      if (table.required()) {
        throw new GaitException("OMOP table " + table.tableName() + " is missing from the input (expected " + table.tableName()
            + ".csv, " + table.tableName() + ".parquet or a folder " + table.tableName() + "/)");
      }
      return Optional.empty();
    }
    if (found.size() > 1) {
      throw new GaitException("OMOP table " + table.tableName() + " is given more than once ("
          + String.join(", ", found.stream().map(HadoopFiles::fileName).toList()) + "); keep exactly one");
    }
    String uri = found.get(0);
    boolean parquet = uri.endsWith(".parquet");
    if (!uri.endsWith(".csv") && !parquet) {
      List<FileStatus> files = HadoopFiles.listDataFiles(conf, uri);
      parquet = !files.isEmpty() && files.stream().allMatch(f -> f.getPath().getName().endsWith(".parquet"));
      boolean csv = !files.isEmpty() && files.stream().allMatch(f -> f.getPath().getName().endsWith(".csv"));
      if (!parquet && !csv) {
        throw new GaitException("OMOP table folder " + table.tableName() + "/ must hold only .csv or only .parquet files");
      }
    }
    Dataset<Row> data = parquet ? spark.read().parquet(uri)
        : spark.read().option("header", "true").option("inferSchema", "false").option("mode", "PERMISSIVE").csv(uri);
    List<Column> columns = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String c : data.columns()) {
      String lower = c.trim().toLowerCase(Locale.ROOT);
      if (names.contains(lower)) {
        throw new GaitException("OMOP table " + table.tableName() + " has column " + lower + " twice (names are case-insensitive)");
      }
      names.add(lower);
      columns.add(col("`" + c + "`").cast("string").as(lower));
    }
    for (String required : table.requiredColumns()) {
      if (!names.contains(required)) {
        throw new GaitException("OMOP table " + table.tableName() + " (" + HadoopFiles.fileName(uri) + ") has no column " + required
            + " (columns: " + String.join(", ", names) + ")");
      }
    }
    return Optional.of(data.select(columns.toArray(Column[]::new)));
  }

  /** Rows in the common record shape: table, file name, id, person_id, every column as text. */
  private static Dataset<Row> normalized(Dataset<Row> table, OmopTable t) {
    List<Column> keys = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    for (String c : table.columns()) {
      keys.add(lit(c));
      values.add(col(c));
    }
    Column id = List.of(table.columns()).contains(t.idColumn()) ? col(t.idColumn()).cast("long") : lit(null).cast("long");
    return table.select(lit(t.tableName()).as("table"), regexp_extract(input_file_name(), "([^/]*)$", 1).as("source_file"),
        id.as("id"), col("person_id").as("person_id"),
        map_from_arrays(org.apache.spark.sql.functions.array(keys.toArray(Column[]::new)),
            org.apache.spark.sql.functions.array(values.toArray(Column[]::new))).as("fields"))
        .to(RECORD);
  }

  /** One of our tables as CSV with a header, in a deterministic row order. */
  private static void writeTable(Dataset<Row> outputs, TableSchema schema, String uri) {
    List<String> names = schema.columnNames();
    Column[] columns = new Column[names.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = col("values").getItem(i).as(names.get(i));
    }
    Dataset<Row> rows = outputs.filter(col("kind").equalTo(schema.name())).select(columns);
    rows.orderBy(names.stream().map(c -> col(c)).toArray(Column[]::new))
        .write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(uri);
  }

  private static void writeQuarantine(Dataset<Row> outputs, String uri) {
    TableSchema schema = Schemas.get(Schemas.QUARANTINE);
    List<String> names = schema.columnNames();
    Column[] columns = new Column[names.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = col("values").getItem(i).cast(schema.structType().apply(names.get(i)).dataType()).as(names.get(i));
    }
    outputs.filter(col("kind").equalTo("quarantine")).select(columns)
        .orderBy("table", "source_file", "source_row", "rule")
        .write().mode(SaveMode.ErrorIfExists).parquet(uri);
  }

  private static long observed(Observation o) {
    try {
      Object v = o.getAsJava().get("rows");
      return v == null ? 0L : ((Number) v).longValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GaitException("interrupted while counting rows", e);
    }
  }
}
