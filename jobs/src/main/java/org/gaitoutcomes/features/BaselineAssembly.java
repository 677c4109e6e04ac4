package org.gaitoutcomes.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.spark.ContractTables;

/**
 * The per-patient baseline feature vector (schemas/baseline_features.json): the foot exam and the gait scan
 * closest before or on the index day (first device start_day; day 0 for an untreated patient), both sides
 * and the worse side. "Closest before" is a per-patient aggregation ({@code max_by} over the day), never a
 * driver loop or an all-pairs join. Small named {@code Dataset -> Dataset} steps.
 */
public final class BaselineAssembly {
  private BaselineAssembly() {}

  /** patient_id, index_day: first device start, or 0 when untreated. */
  public static Dataset<Row> indexDays(Dataset<Row> patientIds, Dataset<Row> treatments) {
    Dataset<Row> first = treatments.groupBy("patient_id").agg(min("start_day").as("first_start"));
    return patientIds.select("patient_id").distinct().join(first, asSeq("patient_id"), "left")
        .select(col("patient_id"), coalesce(col("first_start"), lit(0)).as("index_day"));
  }

  /** One row per patient and exam day with left and right values side by side (after ExamFeatures). */
  public static Dataset<Row> examSidesByDay(Dataset<Row> examFeatures) {
    List<Column> aggs = new ArrayList<>();
    for (String c : List.of("navicular_drop_mm", "fpi_total", "rcsp_deg", "leg_length_mm", "q_angle_deg", "ankle_dorsiflexion_deg")) {
      aggs.add(max(when(col("side").equalTo("L"), col(c))).as(c + "_l"));
      aggs.add(max(when(col("side").equalTo("R"), col(c))).as(c + "_r"));
    }
    aggs.add(max("beighton_score").as("beighton_score"));
    return examFeatures.groupBy("patient_id", "visit_day").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]));
  }

  /** One row per patient, scan day and side: scan features averaged over that day's scans (split L/R files). */
  public static Dataset<Row> scanSidesByDay(Dataset<Row> scanFeatures) {
    List<Column> aggs = new ArrayList<>();
    for (String c : List.of("arch_index", "cpei", "chippaux_smirak", "staheli", "midfoot_peak_kpa", "stance_time_s", "stride_time_s")) {
      aggs.add(max(when(col("side").equalTo("L"), col(c))).as(c + "_l"));
      aggs.add(max(when(col("side").equalTo("R"), col(c))).as(c + "_r"));
    }
    Dataset<Row> perSide = scanFeatures.groupBy("patient_id", "visit_day", "side").agg(
        avg("arch_index").as("arch_index"), avg("cpei").as("cpei"), avg("chippaux_smirak").as("chippaux_smirak"),
        avg("staheli").as("staheli"), avg("midfoot_peak_kpa").as("midfoot_peak_kpa"),
        avg("stance_time_s").as("stance_time_s"), avg("stride_time_s").as("stride_time_s"));
    Dataset<Row> devices = scanFeatures.groupBy("patient_id", "visit_day").agg(min("device").as("scan_device"));
    return perSide.groupBy("patient_id", "visit_day").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
        .join(devices, asSeq("patient_id", "visit_day"));
  }

  /** Per patient, the row of {@code byDay} with the latest visit_day on or before the index day. */
  public static Dataset<Row> latestOnOrBefore(Dataset<Row> byDay, Dataset<Row> indexDays, String dayName) {
    String[] cols = byDay.columns();
    List<Column> fields = new ArrayList<>();
    for (String c : cols) {
      if (!c.equals("patient_id")) {
        fields.add(col(c));
      }
    }
    return byDay.join(indexDays, asSeq("patient_id"))
        .filter(col("visit_day").leq(col("index_day")))
        .groupBy("patient_id")
        .agg(max_by(struct(fields.toArray(new Column[0])), col("visit_day")).as("b"))
        .select(col("patient_id"), col("b.*"))
        .withColumnRenamed("visit_day", dayName);
  }

  /** The baseline_features table from index days and the chosen exam and scan rows. */
  public static Dataset<Row> assemble(Dataset<Row> indexDays, Dataset<Row> exam, Dataset<Row> scan) {
    Column fpiWorse = greatest(col("fpi_total_l"), col("fpi_total_r"));
    Column rcspWorse = least(col("rcsp_deg_l"), col("rcsp_deg_r"));
    Column lld = col("leg_length_mm_l").minus(col("leg_length_mm_r"));
    Column archWorse = greatest(col("arch_index_l"), col("arch_index_r"));
    Column strideMean = mean(col("stride_time_s_l"), col("stride_time_s_r"));
    Dataset<Row> joined = indexDays.join(exam, asSeq("patient_id"), "left").join(scan, asSeq("patient_id"), "left");
    Dataset<Row> out = joined.select(
        col("patient_id"),
        col("exam_day"),
        col("scan_day"),
        col("scan_device"),
        col("navicular_drop_mm_l").as("navicular_drop_l_mm"),
        col("navicular_drop_mm_r").as("navicular_drop_r_mm"),
        greatest(col("navicular_drop_mm_l"), col("navicular_drop_mm_r")).as("navicular_drop_worse_mm"),
        col("fpi_total_l"),
        col("fpi_total_r"),
        fpiWorse.as("fpi_total_worse"),
        ExamFeatures.fpiCategory(fpiWorse).as("fpi_category_worse"),
        fpiWorse.geq(ExamMeasures.FPI_PRONATED_MIN).as("pronated"),
        rcspWorse.as("rcsp_worse_deg"),
        ExamFeatures.rcspCategory(rcspWorse).as("rcsp_category_worse"),
        lld.as("lld_mm"),
        abs(lld).as("lld_abs_mm"),
        ExamFeatures.lldCategory(lld).as("lld_category"),
        greatest(col("q_angle_deg_l"), col("q_angle_deg_r")).as("q_angle_worse_deg"),
        least(col("ankle_dorsiflexion_deg_l"), col("ankle_dorsiflexion_deg_r")).as("dorsiflexion_min_deg"),
        col("beighton_score"),
        col("arch_index_l"),
        col("arch_index_r"),
        archWorse.as("arch_index_worse"),
        ExamFeatures.archCategory(archWorse).as("arch_category_worse"),
        least(col("cpei_l"), col("cpei_r")).as("cpei_worse"),
        greatest(col("chippaux_smirak_l"), col("chippaux_smirak_r")).as("chippaux_smirak_worse"),
        greatest(col("staheli_l"), col("staheli_r")).as("staheli_worse"),
        greatest(col("midfoot_peak_kpa_l"), col("midfoot_peak_kpa_r")).as("midfoot_peak_kpa_worse"),
        when(strideMean.gt(0), lit(120.0).divide(strideMean)).as("cadence_spm"),
        mean(col("stance_time_s_l"), col("stance_time_s_r")).as("stance_time_s"),
        strideMean.as("stride_time_s"),
        symmetryIndex(col("stance_time_s_r"), col("stance_time_s_l")).as("stance_time_si"));
    return conform(out, Schemas.BASELINE_FEATURES);
  }

  /** Mean of the non-null values of two columns (null when both are null). */
  static Column mean(Column a, Column b) {
    return when(a.isNull(), b).when(b.isNull(), a).otherwise(a.plus(b).divide(2.0));
  }

  // Robinson symmetry index SI = (X_R - X_L) / (0.5 (X_R + X_L)) x 100 (DOMAIN.md); see GaitTiming.symmetryIndex.
  static Column symmetryIndex(Column right, Column left) {
    Column half = right.plus(left).multiply(0.5);
    return when(half.notEqual(0), right.minus(left).divide(half).multiply(100.0));
  }

  /**
   * A table this stage computed, held to {@code table}'s contract ({@link ContractTables#conform}): a missing
   * column or a wrong type here is a bug in the computation, reported as such.
   */
  static Dataset<Row> conform(Dataset<Row> df, String table) {
    return ContractTables.conform(df, Schemas.get(table), "computed " + table);
  }

  static scala.collection.Seq<String> asSeq(String... names) {
    return scala.collection.JavaConverters.asScalaBuffer(List.of(names)).toSeq();
  }
}
