package org.gaitoutcomes.scans;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.provenance.StageCounts;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.spark.SparkSessions;

/**
 * Imports a folder of native plantar-pressure exports listed in a scan manifest into canonical gait_scans
 * Parquet. The manifest is read by Spark and its rows are distributed; each task opens its files through
 * Hadoop FileSystem and parses them (no file content passes through the driver). A manifest row that
 * breaks the scan_manifest contract, repeats a file or a (scan_id, side), and a file that is missing,
 * malformed or truncated each become one quarantine record (rule SCAN_MANIFEST or SCAN_PARSE); one bad
 * file never stops the job, and files listed = files imported + files quarantined.
 */
public final class ImportScansStage {
  public static final String TABLE = "scans";
  public static final String RULE_MANIFEST = "SCAN_MANIFEST";
  public static final String RULE_PARSE = "SCAN_PARSE";

  private ImportScansStage() {}

  /** Counts of one import (aggregates only). */
  public record Summary(long filesListed, long filesImported, long filesQuarantined, long scanRows) {
    /** One line for the log. */
    public String describe() {
      return filesListed + " files listed, " + filesImported + " imported (" + scanRows + " scan rows), " + filesQuarantined + " quarantined";
    }

    /** The stage counts of run.json, in a fixed order (the report reads them by these names). */
    public java.util.Map<String, Long> stageCounts() {
      return StageCounts.of("files_listed", filesListed, "files_imported", filesImported, "files_quarantined", filesQuarantined,
          "scan_rows", scanRows);
    }
  }

  private static final StructType ENTRY = new StructType(new StructField[] {
      DataTypes.createStructField("row", DataTypes.LongType, false),
      DataTypes.createStructField("file", DataTypes.StringType, true),
      DataTypes.createStructField("scan_id", DataTypes.StringType, true),
      DataTypes.createStructField("patient_id", DataTypes.StringType, true),
      DataTypes.createStructField("visit_day", DataTypes.IntegerType, true),
      DataTypes.createStructField("device", DataTypes.StringType, true),
      DataTypes.createStructField("side", DataTypes.StringType, true),
      DataTypes.createStructField("err_field", DataTypes.StringType, true),
      DataTypes.createStructField("err_value", DataTypes.StringType, true),
      DataTypes.createStructField("err_message", DataTypes.StringType, true)});

  /** The gait_scans columns plus a failure's rule, field, value, file, line and message (null on success). */
  private static StructType parsedSchema() {
    return ScanRows.schema()
        .add("q_rule", DataTypes.StringType, true)
        .add("q_field", DataTypes.StringType, true)
        .add("q_value", DataTypes.StringType, true)
        .add("q_file", DataTypes.StringType, true)
        .add("q_line", DataTypes.LongType, true)
        .add("q_message", DataTypes.StringType, true);
  }

  public static Summary run(SparkSession spark, Config config, String scansDirUri, String manifestUri, String outputUri,
      String quarantineUri) {
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String manifestName = HadoopFiles.fileName(manifestUri);
    if (!HadoopFiles.exists(hadoop, manifestUri)) {
      throw new GaitException("scan manifest not found: " + manifestName);
    }
    // The only shuffles are the manifest's duplicate checks: sized from the manifest (small manifests: a
    // few partitions, not Spark's fixed 200, which cost 5 s of a 5-file import).
    return SparkSessions.withShufflesSizedFor(spark, SparkSessions.bytesUnder(hadoop, manifestUri),
        () -> importListed(spark, config, scansDirUri, manifestUri, manifestName, outputUri, quarantineUri));
  }

  private static Summary importListed(SparkSession spark, Config config, String scansDirUri, String manifestUri,
      String manifestName, String outputUri, String quarantineUri) {
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    JavaRDD<String> lines = spark.read().textFile(manifestUri).javaRDD();
    if (lines.isEmpty()) {
      throw new GaitException("scan manifest " + manifestName + " is empty (expected a header line)");
    }
    // driver-safe: the manifest header line
    int[] positions = ManifestEntry.columnPositions(lines.first(), manifestName);
    JavaRDD<Row> entries = lines.zipWithIndex()
        .filter(t -> t._2() > 0 && !t._1().isBlank())
        .map(t -> entryRow(ManifestEntry.parse(t._2(), t._1(), positions)));
    Dataset<Row> manifest = flagDuplicates(spark.createDataFrame(entries, ENTRY)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // driver-safe: one row of two counts
      Row listedAndGood = manifest.selectExpr("count(1)", "count_if(err_message IS NULL)").first();
      long listed = listedAndGood.getLong(0);
      long goodCount = listedAndGood.getLong(1);
      Dataset<Row> good = manifest.filter(col("err_message").isNull());
      int filesPerTask = config.getInt("gait.features.import-files-per-task");
      int tasks = (int) Math.max(1, Math.min(100_000, (goodCount + filesPerTask - 1) / filesPerTask));
      SerializableConfiguration conf = new SerializableConfiguration(hadoop);
      String scansDir = scansDirUri;
      Dataset<Row> parsed = good.repartition(tasks, col("file"))
          .mapPartitions((MapPartitionsFunction<Row, Row>) it -> parsePartition(it, scansDir, manifestName, conf),
              Encoders.row(parsedSchema()))
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        parsed.filter(col("q_message").isNull())
            .select(java.util.Arrays.stream(ScanRows.schema().fieldNames()).map(org.apache.spark.sql.functions::col)
                .toArray(org.apache.spark.sql.Column[]::new))
            .write().mode("overwrite").parquet(outputUri);
        Dataset<Row> manifestBad = manifest.filter(col("err_message").isNotNull()).select(
            lit(TABLE).as("table"), lit(manifestName).as("source_file"), col("row").as("source_row"),
            lit(RULE_MANIFEST).as("rule"), col("err_field").as("field"), col("err_value").as("value"),
            col("err_message").as("message"), lit(null).cast("string").as("record"));
        Dataset<Row> parseBad = parsed.filter(col("q_message").isNotNull()).select(
            lit(TABLE).as("table"), col("q_file").as("source_file"), col("q_line").as("source_row"),
            col("q_rule").as("rule"), col("q_field").as("field"), col("q_value").as("value"),
            col("q_message").as("message"), lit(null).cast("string").as("record"));
        StructType quarantine = Schemas.get(Schemas.QUARANTINE).structType();
        spark.createDataFrame(manifestBad.unionByName(parseBad).javaRDD(), quarantine)
            .write().mode("overwrite").parquet(quarantineUri);
        Row counts = parsed.selectExpr(
            "count_if(q_message IS NULL) AS scan_rows",
            // driver-safe: one row of two counts
            "count_if(q_message IS NOT NULL) AS parse_failures").first();
        long parseFailures = counts.getLong(1);
        long manifestFailures = listed - goodCount;
        return new Summary(listed, goodCount - parseFailures, manifestFailures + parseFailures, counts.getLong(0));
      } finally {
        parsed.unpersist();
      }
    } finally {
      manifest.unpersist();
    }
  }

  private static Row entryRow(ManifestEntry e) {
    String[] err = e.error();
    return RowFactory.create(e.row(), e.file(), e.scanId(), e.patientId(), e.visitDay(), e.device(), e.side(),
        err == null ? null : err[0], err == null ? null : err[1], err == null ? null : err[2]);
  }

  /** Marks a row that repeats an earlier row's file, or an earlier row's (scan_id, side), as a manifest error. */
  static Dataset<Row> flagDuplicates(Dataset<Row> manifest) {
    Dataset<Row> ok = manifest.filter(col("err_message").isNull());
    Dataset<Row> fileRank = ok.withColumn("n", row_number().over(Window.partitionBy("file").orderBy("row")))
        .filter(col("n").gt(1)).select(col("row"), lit("file").as("f"), lit("file is listed more than once; only its first row is imported").as("m"));
    Dataset<Row> keyRank = ok
        .withColumn("k", explode(when(col("device").isin(ScanFormat.bothFeetDeviceNames().toArray()), array(lit("L"), lit("R"))).otherwise(array(col("side")))))
        .withColumn("n", row_number().over(Window.partitionBy("scan_id", "k").orderBy("row")))
        .filter(col("n").gt(1)).select(col("row"), lit("scan_id").as("f"), lit("scan_id and side repeat an earlier row").as("m"));
    Dataset<Row> dups = fileRank.unionByName(keyRank).groupBy("row")
        .agg(org.apache.spark.sql.functions.min("f").as("f"), org.apache.spark.sql.functions.min("m").as("m"));
    return manifest.join(dups, scala.collection.JavaConverters.asScalaBuffer(List.of("row")).toSeq(), "left")
        .select(col("row"), col("file"), col("scan_id"), col("patient_id"), col("visit_day"), col("device"), col("side"),
            when(col("err_message").isNull(), col("f")).otherwise(col("err_field")).as("err_field"),
            when(col("err_message").isNull().and(col("f").equalTo("file")), org.apache.spark.sql.functions.regexp_extract(col("file"), "([^/]*)$", 1))
                .otherwise(col("err_value")).as("err_value"),
            when(col("err_message").isNull(), col("m")).otherwise(col("err_message")).as("err_message"));
  }

  /** Parses a partition's files one at a time, lazily (only one file's frames are held at once). */
  private static Iterator<Row> parsePartition(Iterator<Row> entries, String scansDir, String manifestName,
      SerializableConfiguration conf) {
    return new Iterator<>() {
      private Iterator<Row> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && entries.hasNext()) {
          current = parseFile(entries.next(), scansDir, manifestName, conf).iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** The gait_scans rows of one manifest entry's file, or one failure row. */
  private static List<Row> parseFile(Row e, String scansDir, String manifestName, SerializableConfiguration conf) {
    List<Row> out = new ArrayList<>();
    int width = parsedSchema().size();
    String file = e.getAs("file");
    String name = ManifestEntry.name(file);
    try {
      Path path = new Path(new Path(scansDir), file);
      if (!ScanPaths.staysInside(new Path(scansDir), path, conf.value())) {
        // As a "../" path is refused: a link must not make the import read files outside the scans folder.
        out.add(failure(width, RULE_MANIFEST, "file", name, manifestName, e.<Long>getAs("row"),
            "file must be a path inside the manifest's folder: " + name + " is a symbolic link that leads outside the scans folder"));
        return out;
      }
      try (InputStream in = path.getFileSystem(conf.value()).open(path)) {
        for (ParsedScan s : ScanFormat.parse(e.getAs("device"), name, in, e.getAs("side"))) {
          Row r = ScanRows.toRow(e.getAs("scan_id"), e.getAs("patient_id"), e.<Integer>getAs("visit_day"), s);
          Object[] values = new Object[width];
          for (int i = 0; i < r.size(); i++) {
            values[i] = r.get(i);
          }
          out.add(RowFactory.create(values));
        }
      }
    } catch (ScanParseException ex) {
      out.add(failure(width, RULE_PARSE, null, null, ex.fileName(), ex.line(), ex.getMessage()));
    } catch (FileNotFoundException ex) {
      out.add(failure(width, RULE_PARSE, null, null, name, 0, name + ": file not found in the scans folder"));
    } catch (IOException | RuntimeException ex) {
      out.add(failure(width, RULE_PARSE, null, null, name, 0, name + ": cannot be read (" + ex.getClass().getSimpleName() + ")"));
    }
    return out;
  }

  private static Row failure(int width, String rule, String field, String value, String file, long line, String message) {
    Object[] values = new Object[width];
    values[width - 6] = rule;
    values[width - 5] = field;
    values[width - 4] = value;
    values[width - 3] = file;
    values[width - 2] = line;
    values[width - 1] = message;
    return RowFactory.create(values);
  }
}
