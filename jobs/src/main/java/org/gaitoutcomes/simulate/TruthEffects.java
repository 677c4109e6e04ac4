package org.gaitoutcomes.simulate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The true effects (truth_effects) from the potential outcomes in truth_outcomes, by Spark
 * aggregation over ALL simulated patients: for each follow-up, outcome, subgroup level, the ATE is the
 * mean of (custom - OTC) over the level's patients and the ATT the same mean over its custom-device
 * patients. Changes from baseline share the baseline, so the change difference is the follow-up
 * difference. Only the aggregate (at most follow-ups x 9 levels rows) reaches the driver.
 */
public final class TruthEffects {
  /** Outcome families in output order: name prefix and the difference column computed for it. */
  static final String[][] OUTCOMES = {
      {"nrs_change_d", "d_nrs"}, {"odi_change_d", "d_odi"}, {"rmdq_change_d", "d_rmdq"}, {"responder_d", "d_responder"}};
  static final List<String> SUBGROUP_ORDER = List.of("all", "pronated", "lld_ge_6mm", "baseline_nrs_band");

  private TruthEffects() {}

  /** Per-patient differences at each follow-up, one row per (patient, follow-up, subgroup level). */
  static Dataset<Row> withDifferencesBySubgroup(Dataset<Row> truth) {
    Column yesNo = lit("yes");
    return truth.filter(col("follow_up_day").gt(0))
        .withColumn("d_nrs", col("nrs_custom").minus(col("nrs_otc")))
        .withColumn("d_odi", col("odi_custom").minus(col("odi_otc")))
        .withColumn("d_rmdq", col("rmdq_custom").minus(col("rmdq_otc")))
        .withColumn("d_responder", col("responder_custom").cast("int").minus(col("responder_otc").cast("int")))
        .withColumn("group", explode(array(
            struct(lit("all").as("subgroup"), lit("all").as("level")),
            struct(lit("pronated").as("subgroup"), when(col("pronated"), yesNo).otherwise(lit("no")).as("level")),
            struct(lit("lld_ge_6mm").as("subgroup"), when(col("lld_ge_6mm"), yesNo).otherwise(lit("no")).as("level")),
            struct(lit("baseline_nrs_band").as("subgroup"), col("baseline_nrs_band").as("level")))));
  }

  /** The truth_effects rows, in a stable order (follow-up, outcome, estimand, subgroup, level). */
  public static List<Map<String, Object>> compute(Dataset<Row> truth) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(col("treated")).as("n_treated"));
    for (String[] o : OUTCOMES) {
      aggs.add(avg(col(o[1])).as("ate_" + o[1]));
      aggs.add(avg(when(col("treated").equalTo(1), col(o[1]))).as("att_" + o[1]));
    }
    List<Row> groups = new ArrayList<>(withDifferencesBySubgroup(truth)
        .groupBy(col("follow_up_day"), col("group.subgroup").as("subgroup"), col("group.level").as("level"))
        .agg(count(lit(1)).as("n"), aggs.toArray(new Column[0]))
        // driver-safe: follow-ups x subgroup levels, a few dozen aggregate rows
        .collectAsList());
    groups.sort(Comparator.<Row>comparingInt(r -> r.getInt(0))
        .thenComparingInt(r -> SUBGROUP_ORDER.indexOf(r.getString(1)))
        .thenComparing(r -> levelOrder(r.getString(2))));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int day : groups.stream().mapToInt(r -> r.getInt(0)).distinct().toArray()) {
      for (String[] o : OUTCOMES) {
        for (String estimand : List.of("ATE", "ATT")) {
          for (Row g : groups) {
            if (g.getInt(0) != day) {
              continue;
            }
            long n = estimand.equals("ATE") ? g.getLong(g.fieldIndex("n")) : g.getLong(g.fieldIndex("n_treated"));
            String column = (estimand.equals("ATE") ? "ate_" : "att_") + o[1];
            if (n == 0 || g.isNullAt(g.fieldIndex(column))) {
              continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("outcome", o[0] + day);
            row.put("estimand", estimand);
            row.put("subgroup", g.getString(1));
            row.put("level", g.getString(2));
            row.put("true_value", g.getDouble(g.fieldIndex(column)));
            row.put("n", n);
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  private static String levelOrder(String level) {
    return switch (level) {
      case "all" -> "0";
      case "yes" -> "1";
      case "no" -> "2";
      default -> "3" + (level.length() == 3 ? "0" : "1") + level;
    };
  }
}
