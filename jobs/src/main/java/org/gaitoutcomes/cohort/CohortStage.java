package org.gaitoutcomes.cohort;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.cohort.Attrition.ArmCounts;
import org.gaitoutcomes.cohort.CohortSettings.EligibilityRule;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.results.ResultTable;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.spark.SparkSessions;

/**
 * The cohort stage: from curated patients, treatments and outcomes and the baseline features, builds
 * the analysis table (one row per eligible patient; contract cohort plus every baseline_features column
 * and the outcome columns of each follow-up day) and the attrition table. Writes
 * {@code outputUri/cohort/} (Parquet) and {@code outputUri/attrition.json|csv}; does not commit.
 */
public final class CohortStage {
  /** Folder of the cohort Parquet inside the output. */
  public static final String COHORT_FOLDER = "cohort";
  /** Id of the rule always applied last: the cohort contract's required values are present. */
  public static final String REQUIRED_VALUES_RULE = "required_values";
  /** Feature columns that are bookkeeping (days of the exam and scan used), not covariates. */
  private static final List<String> FEATURE_BOOKKEEPING = List.of("patient_id", "exam_day", "scan_day");

  private CohortStage() {}

  /**
   * Runs the stage. {@code baselineFeaturesUri} may be null or absent: the foot covariates are then null.
   */
  public static CohortSummary run(SparkSession spark, Config config, String curatedUri, String baselineFeaturesUri, String outputUri) {
    return run(spark, config, curatedUri, baselineFeaturesUri, outputUri + "/" + COHORT_FOLDER, outputUri);
  }

  /**
   * Runs the stage writing the cohort Parquet to {@code cohortUri} and the attrition table into
   * {@code attritionFolderUri} (the pipeline keeps it with the other results).
   */
  public static CohortSummary run(SparkSession spark, Config config, String curatedUri, String baselineFeaturesUri,
      String cohortUri, String attritionFolderUri) {
    // Shuffles sized from the inputs (small inputs: a few partitions, not Spark's fixed 200).
    long inputBytes = SparkSessions.bytesUnder(spark.sparkContext().hadoopConfiguration(), curatedUri + "/" + Schemas.PATIENTS,
        curatedUri + "/" + Schemas.TREATMENTS, curatedUri + "/" + Schemas.OUTCOMES, baselineFeaturesUri);
    return SparkSessions.withShufflesSizedFor(spark, inputBytes,
        () -> compute(spark, config, curatedUri, baselineFeaturesUri, cohortUri, attritionFolderUri));
  }

  private static CohortSummary compute(SparkSession spark, Config config, String curatedUri, String baselineFeaturesUri,
      String cohortUri, String attritionFolderUri) {
    CohortSettings s = CohortSettings.from(config);
    Dataset<Row> patients = CohortInputs.curated(spark, curatedUri, Schemas.PATIENTS);
    Dataset<Row> treatments = CohortInputs.curated(spark, curatedUri, Schemas.TREATMENTS);
    Dataset<Row> outcomes = CohortInputs.curated(spark, curatedUri, Schemas.OUTCOMES);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    boolean footFeatures = baselineFeaturesUri != null && HadoopFiles.exists(hadoop, baselineFeaturesUri);
    Dataset<Row> features = CohortInputs.baselineFeatures(spark, footFeatures ? baselineFeaturesUri : null);

    Dataset<Row> devices = CohortSteps.firstDevice(treatments, s.treatment(), s.comparator());
    Dataset<Row> outcomeSummary = CohortSteps.summariseOutcomes(CohortSteps.scoreAssessments(outcomes, s.odiMaxMissing()), devices, s);
    Dataset<Row> candidates = CohortSteps.candidates(CohortSteps.patientCovariates(patients), devices, outcomeSummary, features);
    List<EligibilityRule> rules = CohortSteps.rulesWithRequiredValues(s);
    List<String> outcomeColumns = CohortSteps.outcomeColumns(s);
    List<Column> cohortColumns = cohortColumns(s);

    Dataset<Row> marked = CohortSteps.withFirstFailedRule(candidates, rules).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> counts = countByFirstFailedRule(marked, outcomeColumns);
      Map<Integer, ArmCounts> byRule = new LinkedHashMap<>();
      Map<String, long[]> observed = new LinkedHashMap<>();
      outcomeColumns.forEach(o -> observed.put(o, new long[2]));
      int passedAll = rules.size() + 1;
      for (Row r : counts) {
        int rule = r.getInt(0);
        Integer treated = r.isNullAt(1) ? null : r.getInt(1);
        long n = r.getLong(2);
        ArmCounts c = treated == null ? new ArmCounts(0, 0, n) : treated == 1 ? new ArmCounts(n, 0, 0) : new ArmCounts(0, n, 0);
        byRule.merge(rule, c, ArmCounts::plus);
        if (rule == passedAll && treated != null) {
          for (int i = 0; i < outcomeColumns.size(); i++) {
            observed.get(outcomeColumns.get(i))[treated == 1 ? 0 : 1] += r.getLong(3 + i);
          }
        }
      }
      long patientRows = patients.count();
      long candidateRows = byRule.values().stream().mapToLong(ArmCounts::total).sum();
      if (candidateRows != patientRows) {
        throw new GaitException("baseline features have more than one row for some patient_id (" + candidateRows
            + " cohort candidates from " + patientRows + " patients); the features stage writes one row per patient");
      }

      marked.where(col(CohortSteps.FIRST_FAILED_RULE).equalTo(passedAll))
          .select(cohortColumns.toArray(Column[]::new))
          .write().mode("error").parquet(cohortUri);
      List<Map<String, Object>> attrition = Attrition.rows(rules, byRule);
      new ResultTable(Schemas.ATTRITION, attrition).write(hadoop, attritionFolderUri);

      ArmCounts eligible = byRule.getOrDefault(passedAll, new ArmCounts(0, 0, 0));
      Map<String, CohortSummary.Observed> observedByArm = new LinkedHashMap<>();
      observed.forEach((k, v) -> observedByArm.put(k, new CohortSummary.Observed(v[0], v[1])));
      return new CohortSummary(patientRows, eligible.total(), eligible.treated(), eligible.control(), attrition,
          observedByArm, covariateColumns(), outcomeColumns, footFeatures);
    } finally {
      marked.unpersist();
    }
  }

  /**
   * Covariate columns of the cohort: patient covariates, baseline outcomes and every baseline feature
   * (except the days of the exam and scan used, which are bookkeeping).
   */
  public static List<String> covariateColumns() {
    List<String> names = new ArrayList<>(List.of("site", "age_years", "female", "bmi", "standing_hours_per_day",
        "pain_duration_months", "nrs_baseline", "odi_baseline", "rmdq_baseline"));
    for (ColumnSpec c : Schemas.get(Schemas.BASELINE_FEATURES).columns()) {
      if (!FEATURE_BOOKKEEPING.contains(c.name())) {
        names.add(c.name());
      }
    }
    return names;
  }

  /**
   * The columns written, in order: the cohort contract's, every baseline_features column (contract
   * types), then the outcome columns of each follow-up day.
   */
  static List<Column> cohortColumns(CohortSettings s) {
    List<Column> cols = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    for (ColumnSpec c : Schemas.get(Schemas.COHORT).columns()) {
      cols.add(col(c.name()).cast(c.dataType()).as(c.name()));
      fixed.add(c.name());
    }
    for (ColumnSpec c : Schemas.get(Schemas.BASELINE_FEATURES).columns()) {
      if (!c.name().equals("patient_id")) {
        cols.add(col(c.name()).cast(c.dataType()).as(c.name()));
      }
    }
    for (String o : CohortSteps.outcomeColumns(s)) {
      if (!fixed.contains(o)) {
        cols.add(col(o));
      }
    }
    return cols;
  }

  /**
   * One aggregation pass: patients by first failed rule and arm, with, for each outcome column, how
   * many have a value. Columns: rule, treated, n, then one count per outcome column. At most
   * (rules + 1) x 3 aggregate rows reach the driver, never patient rows.
   */
  private static List<Row> countByFirstFailedRule(Dataset<Row> marked, List<String> outcomeColumns) {
    List<Column> observed = new ArrayList<>();
    for (String o : outcomeColumns) {
      observed.add(sum(when(col(o).isNotNull(), 1L).otherwise(0L)).as(o));
    }
    return marked.groupBy(col(CohortSteps.FIRST_FAILED_RULE), col("treated"))
        .agg(count(lit(1)).as("n"), observed.toArray(Column[]::new))
        // driver-safe: at most (rules + 1) x 3 aggregate rows
        .collectAsList();
  }
}
