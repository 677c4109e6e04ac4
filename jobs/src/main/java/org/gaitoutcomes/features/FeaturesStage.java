package org.gaitoutcomes.features;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.provenance.StageCounts;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.spark.ContractTables;
import org.gaitoutcomes.spark.ParquetFolders;
import org.gaitoutcomes.spark.SparkSessions;

/**
 * The features stage: reads {@code curated/foot_exams}, {@code curated/gait_scans} (plus imported scans
 * when given), {@code curated/treatments} and {@code curated/patients}, runs the feature Pipelines, and
 * writes {@code OUTPUT/scan_features/} (per scan and side), {@code OUTPUT/baseline_features/} (per
 * patient) and the saved PipelineModels {@code OUTPUT/pipeline/scans/} (StepSegmenter, PressureFeatures, ScanGait)
 * and {@code OUTPUT/pipeline/exams/} (ExamFeatures). Does not commit: the caller stages the output.
 */
public final class FeaturesStage {
  /** The curated tables this stage reads. */
  public static final List<String> CURATED_INPUTS = List.of(Schemas.PATIENTS, Schemas.FOOT_EXAMS, Schemas.GAIT_SCANS, Schemas.TREATMENTS);

  private FeaturesStage() {}

  /** Aggregate counts of one run. */
  public record Summary(long patients, long patientsWithExam, long patientsWithScan, long scanSides) {
    /** One line for the log. */
    public String describe() {
      return patients + " patients, " + patientsWithExam + " with an exam, " + patientsWithScan + " with a scan, " + scanSides + " scan sides";
    }

    /** The stage counts of run.json, in a fixed order (the report reads them by these names). */
    public Map<String, Long> stageCounts() {
      return StageCounts.of("patients", patients, "with_exam", patientsWithExam, "with_scan", patientsWithScan, "scan_sides", scanSides);
    }
  }

  public static Summary run(SparkSession spark, Config config, String curatedUri, String importedScansUri, String outputUri) {
    // Shuffles sized from the curated inputs (small inputs: a few partitions, not Spark's fixed 200).
    long inputBytes = SparkSessions.bytesUnder(spark.sparkContext().hadoopConfiguration(), curatedUri + "/" + Schemas.FOOT_EXAMS,
        curatedUri + "/" + Schemas.GAIT_SCANS, curatedUri + "/" + Schemas.TREATMENTS, curatedUri + "/" + Schemas.PATIENTS, importedScansUri);
    return SparkSessions.withShufflesSizedFor(spark, inputBytes, () -> compute(spark, config, curatedUri, importedScansUri, outputUri));
  }

  private static Summary compute(SparkSession spark, Config config, String curatedUri, String importedScansUri, String outputUri) {
    Dataset<Row> exams = ContractTables.curated(spark, curatedUri, Schemas.FOOT_EXAMS);
    Dataset<Row> treatments = ContractTables.curated(spark, curatedUri, Schemas.TREATMENTS);
    Dataset<Row> scans = ContractTables.curated(spark, curatedUri, Schemas.GAIT_SCANS);
    if (importedScansUri != null) {
      scans = scans.unionByName(ContractTables.read(spark, importedScansUri, Schemas.get(Schemas.GAIT_SCANS),
          "imported scans (" + HadoopFiles.fileName(importedScansUri) + "/)", "run import-scans first, or check --scans"));
    }
    Dataset<Row> patients = ContractTables.curated(spark, curatedUri, Schemas.PATIENTS).select("patient_id")
        .union(exams.select("patient_id")).union(scans.select("patient_id")).union(treatments.select("patient_id"))
        .distinct();

    PipelineModel scanModel = scanPipeline(config).fit(scans);
    PipelineModel examModel = new Pipeline().setStages(new PipelineStage[] {new ExamFeatures()}).fit(exams);
    save(scanModel, outputUri + "/pipeline/scans");
    save(examModel, outputUri + "/pipeline/exams");

    // The pressure stages are the costly part and the last stage (ScanGait) reads their result twice
    // (per-scan aggregate joined back to the sides): compute them once, keeping only the feature columns
    // (no pictures), then apply the last stage of the same fitted pipeline that is saved.
    Transformer[] stages = scanModel.stages();
    Dataset<Row> pressure = scans;
    for (int i = 0; i < stages.length - 1; i++) {
      pressure = stages[i].transform(pressure);
    }
    Dataset<Row> sides = sideFeatures(pressure).persist(StorageLevel.MEMORY_AND_DISK());
    // Index days are not cached: computed where used, they stay hash-partitioned by patient_id, so the
    // per-patient max_by of the exam and scan baselines and the final joins need no shuffle of their own
    // (a cached copy hides that partitioning and adds three shuffles and sort-merge joins).
    Dataset<Row> index = BaselineAssembly.indexDays(patients, treatments);
    try {
      // Counts are observed during the writes themselves: no extra pass over the outputs.
      Observation scanRows = new Observation("scan_features_rows");
      stages[stages.length - 1].transform(sides).observe(scanRows, count(lit(1)).as("n"))
          .write().mode("overwrite").parquet(outputUri + "/scan_features");
      Dataset<Row> savedScanFeatures = ParquetFolders.read(spark, outputUri + "/scan_features");

      Dataset<Row> exam = BaselineAssembly.latestOnOrBefore(
          BaselineAssembly.examSidesByDay(examModel.transform(exams)), index, "exam_day").drop("index_day");
      Dataset<Row> scan = BaselineAssembly.latestOnOrBefore(
          BaselineAssembly.scanSidesByDay(savedScanFeatures), index, "scan_day").drop("index_day");
      Observation baselineRows = new Observation("baseline_features_rows");
      BaselineAssembly.assemble(index, exam, scan)
          .observe(baselineRows, count(lit(1)).as("n"), count(col("exam_day")).as("exam"), count(col("scan_day")).as("scan"))
          .write().mode("overwrite").parquet(outputUri + "/baseline_features");
      Map<String, Object> b = observed(baselineRows);
      return new Summary(asLong(b.get("n")), asLong(b.get("exam")), asLong(b.get("scan")), asLong(observed(scanRows).get("n")));
    } finally {
      sides.unpersist();
    }
  }

  /** The per-side pressure pipeline output without its arrays (steps, per-step PTI): the scan_features inputs. */
  static Dataset<Row> sideFeatures(Dataset<Row> transformed) {
    List<String> have = List.of(transformed.columns());
    List<Column> keep = new ArrayList<>();
    for (ColumnSpec c : Schemas.get(Schemas.SCAN_FEATURES).columns()) {
      if (have.contains(c.name())) {
        keep.add(col(c.name()));
      }
    }
    return transformed.select(keep.toArray(new Column[0]));
  }

  private static Map<String, Object> observed(Observation o) {
    try {
      return o.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GaitException("interrupted while reading the row counts of the features stage", e);
    }
  }

  private static long asLong(Object v) {
    return v == null ? 0L : ((Number) v).longValue();
  }

  /** StepSegmenter, PressureFeatures (with the configured parameters), then ScanGait: gait_scans rows in, scan_features rows out. */
  public static Pipeline scanPipeline(Config config) {
    StepSegmenter segmenter = new StepSegmenter()
        .setContactThresholdN(config.getDouble("gait.features.contact-threshold-n"))
        .setMinContactS(config.getDouble("gait.features.min-contact-s"))
        .setMinLoadedCells(config.getInt("gait.features.min-loaded-cells"));
    PressureFeatures pressure = new PressureFeatures()
        .setFootprintContactKpa(config.getDouble("gait.features.footprint-contact-kpa"))
        .setToeLineFraction(config.getDouble("gait.features.toe-line-fraction"));
    return new Pipeline().setStages(new PipelineStage[] {segmenter, pressure, new ScanGait()});
  }

  /** Adds the scan-level cadence and stance-time symmetry to per-side features; returns the scan_features columns. */
  public static Dataset<Row> withScanGait(Dataset<Row> sideFeatures) {
    Dataset<Row> perScan = sideFeatures.groupBy("scan_id").agg(
        avg("stride_time_s").as("scan_stride_s"),
        max(when(col("side").equalTo("L"), col("stance_time_s"))).as("stance_l"),
        max(when(col("side").equalTo("R"), col("stance_time_s"))).as("stance_r"));
    Column cadence = when(col("scan_stride_s").gt(0), lit(120.0).divide(col("scan_stride_s")));
    Dataset<Row> joined = sideFeatures.join(perScan, BaselineAssembly.asSeq("scan_id"))
        .withColumn("cadence_spm", cadence)
        .withColumn("stance_time_si", BaselineAssembly.symmetryIndex(col("stance_r"), col("stance_l")));
    return BaselineAssembly.conform(joined, Schemas.SCAN_FEATURES);
  }

  private static void save(PipelineModel model, String uri) {
    try {
      model.write().overwrite().save(uri);
    } catch (IOException e) {
      throw new GaitException("cannot save the feature pipeline to " + uri + ": " + e.getMessage(), e);
    }
  }
}
