package org.gaitoutcomes.simulate;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import com.typesafe.config.Config;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.results.ResultTable;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;
import org.gaitoutcomes.spark.Progress;

/**
 * Writes a simulated population into a folder in the input layout that {@code ingest} reads:
 * {@code patients}, {@code foot_exams}, {@code treatments}, {@code outcomes} as CSV with a header,
 * {@code gait_scans} as Parquet; with a vendor share, {@code scans/} with native exports and
 * {@code scans/manifest.csv}; and the ground truth in {@code truth/} (truth_outcomes as Parquet,
 * truth_effects as Parquet, JSON and CSV), beside the data and never mixed into it. Up to
 * {@code simulate.single_file_max_patients} patients each table is one file with a stable name
 * ({@code patients.csv}, {@code gait_scans.parquet}, ...); above, a folder of Spark part files.
 * Does not commit: the command wraps it in a StagedOutput.
 */
public final class SimulateStage {
  public static final String TRUTH_FOLDER = "truth";

  private SimulateStage() {}

  public static SimulateSummary run(SparkSession spark, Config config, long patients, String outputUri) {
    long start = System.nanoTime();
    SimulationParams p = SimulationParams.from(config);
    SimulationTables tables = new SimulationTables(spark, p, p.seed, patients, p.partitions, p.injectErrors);
    boolean single = patients <= p.singleFileMaxPatients;
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    Timer timer = new Timer(seconds);

    rows.put(Schemas.PATIENTS, timer.time(Schemas.PATIENTS, () -> writeCsv(spark, tables.patients(), outputUri, Schemas.PATIENTS, single)));
    rows.put(Schemas.FOOT_EXAMS, timer.time(Schemas.FOOT_EXAMS, () -> writeCsv(spark, tables.footExams(), outputUri, Schemas.FOOT_EXAMS, single)));
    rows.put(Schemas.TREATMENTS, timer.time(Schemas.TREATMENTS, () -> writeCsv(spark, tables.treatments(), outputUri, Schemas.TREATMENTS, single)));
    rows.put(Schemas.OUTCOMES, timer.time(Schemas.OUTCOMES, () -> writeCsv(spark, tables.outcomes(), outputUri, Schemas.OUTCOMES, single)));
    rows.put(Schemas.GAIT_SCANS, timer.time(Schemas.GAIT_SCANS,
        () -> withTwoLevelLists(spark, () -> writeParquet(spark, tables.gaitScans(), outputUri, Schemas.GAIT_SCANS, single))));

    long vendorFiles = 0;
    if (p.vendorShare > 0) {
      String scans = outputUri + "/" + VendorExports.FOLDER;
      timer.time("vendor_files", () -> Progress.stage("simulate vendor files", () -> {
        tables.writeVendorFiles(scans);
        return 0L;
      }, x -> "written"));
      rows.put(Schemas.SCAN_MANIFEST, timer.time(Schemas.SCAN_MANIFEST,
          () -> writeCsvFile(spark, tables.vendorManifest(), scans, VendorExports.MANIFEST, Schemas.SCAN_MANIFEST)));
      vendorFiles = countFiles(conf, scans) - 1;
    }

    String truth = outputUri + "/" + TRUTH_FOLDER;
    rows.put(Schemas.TRUTH_OUTCOMES, timer.time(Schemas.TRUTH_OUTCOMES,
        () -> writeParquet(spark, tables.truthOutcomes(), truth, Schemas.TRUTH_OUTCOMES, single)));
    String truthPath = truth + "/" + Schemas.TRUTH_OUTCOMES + (single ? ".parquet" : "");
    rows.put(Schemas.TRUTH_EFFECTS, timer.time(Schemas.TRUTH_EFFECTS, () -> {
      List<Map<String, Object>> effects = Progress.stage("simulate truth effects",
          () -> TruthEffects.compute(spark.read().schema(Schemas.get(Schemas.TRUTH_OUTCOMES).structType()).parquet(truthPath)),
          e -> e.size() + " rows");
      ResultTable effectsTable = new ResultTable(Schemas.TRUTH_EFFECTS, effects);
      effectsTable.write(conf, truth);
      return writeParquet(spark, toDataset(spark, effectsTable), truth, Schemas.TRUTH_EFFECTS, true);
    }));
    return new SimulateSummary(patients, p.seed, p.scenario, tables.partitions(), single, rows, seconds, vendorFiles, tables.errors(),
        (System.nanoTime() - start) / 1e9);
  }

  static final String LEGACY_PARQUET = "spark.sql.parquet.writeLegacyFormat";

  /**
   * Runs {@code write} with Spark's legacy (two-level) Parquet lists, then restores the session's setting.
   * For gait_scans: an array of non-null floats ({@link SimulationTables#simulatedScanSchema}) is then one
   * repeated float column, where the standard three-level layout opens and closes a group around every
   * element: half the Parquet write time of the table, same rows, same file size (profiled with JFR, see
   * bench/README.md). Every Parquet reader reads both layouts (the Parquet format's backward-compatibility rules).
   */
  static long withTwoLevelLists(SparkSession spark, java.util.function.Supplier<Long> write) {
    String before = spark.conf().get(LEGACY_PARQUET, "false");
    spark.conf().set(LEGACY_PARQUET, "true");
    try {
      return write.get();
    } finally {
      spark.conf().set(LEGACY_PARQUET, before);
    }
  }

  /** Wall time per named step, in seconds to 0.1 s. */
  private record Timer(Map<String, Double> seconds) {
    long time(String name, java.util.function.Supplier<Long> work) {
      long start = System.nanoTime();
      long result = work.get();
      seconds.put(name, Math.round((System.nanoTime() - start) / 1e8) / 10.0);
      return result;
    }
  }

  private static Dataset<Row> toDataset(SparkSession spark, ResultTable table) {
    TableSchema schema = table.schema();
    List<Row> rows = new ArrayList<>(table.rows().size());
    for (Map<String, Object> r : table.rows()) {
      Object[] values = new Object[schema.columns().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.get(schema.columns().get(i).name());
      }
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, schema.structType());
  }

  /** Writes {@code table} as CSV with a header; returns the rows written (observed during the write). */
  static long writeCsv(SparkSession spark, Dataset<Row> data, String folderUri, String table, boolean single) {
    return writeCounted(spark, data, "csv", folderUri + "/" + table + (single ? ".csv" : ""), table, single);
  }

  static long writeCsvFile(SparkSession spark, Dataset<Row> data, String folderUri, String fileName, String table) {
    return writeCounted(spark, data, "csv", folderUri + "/" + fileName, table, true);
  }

  static long writeParquet(SparkSession spark, Dataset<Row> data, String folderUri, String table, boolean single) {
    return writeCounted(spark, data, "parquet", folderUri + "/" + table + (single ? ".parquet" : ""), table, single);
  }

  /** Writes and counts in one pass: the row count is an observed metric of the write job itself. */
  private static long writeCounted(SparkSession spark, Dataset<Row> data, String format, String target, String table, boolean single) {
    return Progress.stage("simulate " + table, () -> {
      Observation rows = new Observation("rows_" + table);
      write(spark, data.observe(rows, count(lit(1)).as("rows")), format, target, single);
      try {
        return ((Number) rows.getAsJava().get("rows")).longValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GaitException("interrupted while counting the rows of " + table, e);
      }
    }, n -> n + " rows");
  }

  /**
   * Writes {@code data}; as one file named {@code target} when {@code single}, else as a folder. A single
   * file is still generated in parallel: the partitions are written as part files, then joined in partition
   * order into one file (CSV: the header, then each part's lines; Parquet: each part's row groups copied as
   * they are, no re-encoding), so the rows and their order are those of one task writing everything. Only
   * file bytes pass through the driver, never rows; single files are for small populations
   * ({@code simulate.single_file_max_patients}).
   */
  private static void write(SparkSession spark, Dataset<Row> data, String format, String target, boolean single) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String folder = single ? target + ".tmp" : target;
    boolean csv = format.equals("csv");
    data.write().mode(SaveMode.Overwrite).format(format)
        .option("header", single ? "false" : "true")
        .option("compression", format.equals("parquet") ? "zstd" : "none")
        .save(folder);
    if (!single) {
      return;
    }
    try {
      Path dir = new Path(folder);
      FileSystem fs = dir.getFileSystem(conf);
      List<Path> parts = new ArrayList<>();
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.getPath().getName().startsWith("part-")) {
          parts.add(f.getPath());
        }
      }
      if (parts.isEmpty()) {
        throw new IOException("no part file written for " + dir.getName());
      }
      // part-00000-..., part-00001-...: name order is partition order
      parts.sort(java.util.Comparator.comparing(Path::getName));
      Path file = new Path(target);
      fs.delete(file, false);
      if (csv) {
        PartFiles.concatenateCsv(fs, parts, String.join(",", data.columns()) + "\n", file);
      } else if (parts.size() == 1) {
        if (!fs.rename(parts.get(0), file)) {
          throw new IOException("could not rename " + parts.get(0).getName() + " to " + file.getName());
        }
      } else {
        PartFiles.appendParquet(conf, parts, file);
      }
      fs.delete(dir, true);
    } catch (IOException e) {
      throw new GaitException("cannot write " + new Path(target).getName() + ": " + e.getMessage(), e);
    }
  }

  private static long countFiles(Configuration conf, String folderUri) {
    try {
      Path dir = new Path(folderUri);
      long n = 0;
      for (FileStatus f : dir.getFileSystem(conf).listStatus(dir)) {
        String name = f.getPath().getName();
        if (f.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      throw new GaitException("cannot list " + new Path(folderUri).getName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the hidden {@code .NAME.crc} side files the local file system writes beside every file (no
   * content of ours), so a committed sample folder holds only its data. Other file systems: no-op.
   */
  public static void removeChecksumFiles(Configuration conf, String folderUri) {
    try {
      Path dir = new Path(folderUri);
      FileSystem checked = dir.getFileSystem(conf);
      if (!(checked instanceof ChecksumFileSystem local)) {
        return;
      }
      FileSystem fs = local.getRawFileSystem();
      List<Path> crc = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        Path f = it.next().getPath();
        if (f.getName().startsWith(".") && f.getName().endsWith(".crc")) {
          crc.add(f);
        }
      }
      for (Path f : crc) {
        fs.delete(f, false);
      }
    } catch (IOException e) {
      throw new GaitException("cannot tidy " + new Path(folderUri).getName() + ": " + e.getMessage(), e);
    }
  }
}
