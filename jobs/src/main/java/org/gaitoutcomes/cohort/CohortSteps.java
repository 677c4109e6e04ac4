package org.gaitoutcomes.cohort;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.cohort.CohortSettings.EligibilityRule;
import org.gaitoutcomes.cohort.CohortSettings.FollowUp;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;

/**
 * The cohort's {@code Dataset<Row> -> Dataset<Row>} steps, each keyed by patient_id (aggregations,
 * window functions over one patient, joins on the key; nothing per patient on the driver). Every
 * selection is a min or max over a total order, so results do not depend on partitioning.
 */
public final class CohortSteps {
  /** Outcome measures scored per assessment, in column order. */
  public static final List<String> MEASURES = List.of("nrs", "odi", "rmdq");
  /** Internal column: 1-based number of the first eligibility rule a patient fails; rules + 1 when none. */
  public static final String FIRST_FAILED_RULE = "_first_failed_rule";

  private CohortSteps() {}

  /**
   * Index day and arm from each patient's first device (earliest start_day): patient_id, index_day,
   * device_type, treated (1 treatment, 0 comparator, null for any other device type).
   */
  public static Dataset<Row> firstDevice(Dataset<Row> treatments, String treatment, String comparator) {
    requireColumns(treatments, "treatments", "patient_id", "start_day", "device_type");
    return treatments
        .groupBy("patient_id")
        .agg(min(struct(col("start_day"), col("device_type"))).as("first"))
        .select(
            col("patient_id"),
            col("first.start_day").as("index_day"),
            col("first.device_type").as("device_type"),
            when(col("first.device_type").equalTo(treatment), 1)
                .when(col("first.device_type").equalTo(comparator), 0).cast("int").as("treated"));
  }

  /** One row per assessment with its scores: patient_id, day, nrs, odi (Oswestry %), rmdq. */
  public static Dataset<Row> scoreAssessments(Dataset<Row> outcomes, int odiMaxMissing) {
    requireColumns(outcomes, "outcomes", "patient_id", "day", "nrs_pain", "rmdq");
    Column[] sections = new Column[OutcomeScoring.ODI_SECTIONS];
    for (int i = 0; i < sections.length; i++) {
      sections[i] = col("odi_" + (i + 1));
    }
    return outcomes.select(
        col("patient_id"),
        col("day"),
        col("nrs_pain").cast("double").as("nrs"),
        OutcomeScoring.oswestry(sections, odiMaxMissing).as("odi"),
        col("rmdq").cast("double").as("rmdq"));
  }

  /**
   * Baseline and follow-up outcomes per patient with a device, from scored assessments: baselines
   * (latest observed in the baseline window), per follow-up day the value closest to the target (ties
   * to the earlier day), changes, responder flags, and time to first NRS response. Patients without
   * assessments are absent (the cohort's left join makes their outcomes null).
   */
  public static Dataset<Row> summariseOutcomes(Dataset<Row> scored, Dataset<Row> devices, CohortSettings s) {
    requireColumns(scored, "scored assessments", "patient_id", "day", "nrs", "odi", "rmdq");
    requireColumns(devices, "first devices", "patient_id", "index_day");
    Column rel = col("rel_day");
    Dataset<Row> a = scored
        .join(devices.select("patient_id", "index_day").where(col("index_day").isNotNull()), "patient_id")
        .withColumn("rel_day", col("day").minus(col("index_day")));

    // Baselines: over the patient's own rows (one shuffle by patient_id, reused by the groupBy below).
    // One select, so the three window expressions share one Window operator.
    WindowSpec byPatient = Window.partitionBy("patient_id");
    Column inBaseline = rel.between(s.baselineFrom(), s.baselineTo());
    List<Column> withBaselines = new ArrayList<>(List.of(col("*")));
    for (String m : MEASURES) {
      withBaselines.add(max(when(inBaseline.and(col(m).isNotNull()), struct(rel.as("rel_day"), col(m).as("value"))))
          .over(byPatient).getField("value").as(m + "_baseline"));
    }
    a = a.select(withBaselines.toArray(Column[]::new));

    List<Column> aggregates = new ArrayList<>();
    for (String m : MEASURES) {
      aggregates.add(max(m + "_baseline").as(m + "_baseline"));
    }
    Column afterBaseline = rel.gt(s.baselineTo()).and(rel.leq(s.horizon()));
    Column responds = OutcomeScoring.nrsResponder(col("nrs_baseline"), col("nrs"), s.responderMinPercent(), s.responderMinPoints());
    aggregates.add(min(when(afterBaseline.and(responds), rel)).as("_first_response"));
    aggregates.add(max(when(afterBaseline.and(col("nrs").isNotNull()), rel)).as("_last_nrs"));
    for (FollowUp f : s.followUps()) {
      Column inWindow = rel.between(f.from(), f.to());
      for (String m : MEASURES) {
        aggregates.add(min(when(inWindow.and(col(m).isNotNull()),
            struct(abs(rel.minus(f.day())).as("distance"), rel.as("rel_day"), col(m).as("value"))))
            .as(pick(m, f.day())));
      }
    }
    Dataset<Row> grouped = a.groupBy("patient_id")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));

    List<Column> out = new ArrayList<>();
    out.add(col("patient_id"));
    for (String m : MEASURES) {
      out.add(col(m + "_baseline"));
    }
    Column nrsBaseline = col("nrs_baseline");
    out.add(when(nrsBaseline.isNotNull(), coalesce(col("_first_response"), col("_last_nrs"))).cast("int").as("response_day"));
    out.add(when(nrsBaseline.isNull(), lit(null))
        .when(col("_first_response").isNotNull(), 1)
        .when(col("_last_nrs").isNotNull(), 0).cast("int").as("response_event"));
    for (FollowUp f : s.followUps()) {
      int d = f.day();
      Column nrs = col(pick("nrs", d) + ".value");
      Column odi = col(pick("odi", d) + ".value");
      Column rmdq = col(pick("rmdq", d) + ".value");
      out.add(nrs.as("nrs_d" + d));
      out.add(nrs.minus(nrsBaseline).as("nrs_change_d" + d));
      out.add(odi.minus(col("odi_baseline")).as("odi_change_d" + d));
      out.add(rmdq.minus(col("rmdq_baseline")).as("rmdq_change_d" + d));
      out.add(OutcomeScoring.nrsResponder(nrsBaseline, nrs, s.responderMinPercent(), s.responderMinPoints())
          .cast("int").as("responder_d" + d));
      out.add(OutcomeScoring.importantImprovement(col("odi_baseline"), odi, s.odiImportantChange())
          .cast("int").as("odi_responder_d" + d));
      out.add(OutcomeScoring.importantImprovement(col("rmdq_baseline"), rmdq, s.rmdqImportantChange())
          .cast("int").as("rmdq_responder_d" + d));
    }
    return grouped.select(out.toArray(Column[]::new));
  }

  /** The outcome columns {@link #summariseOutcomes} writes for each follow-up day, in order. */
  public static List<String> outcomeColumns(CohortSettings s) {
    List<String> names = new ArrayList<>();
    for (FollowUp f : s.followUps()) {
      int d = f.day();
      names.addAll(List.of("nrs_d" + d, "nrs_change_d" + d, "odi_change_d" + d, "rmdq_change_d" + d,
          "responder_d" + d, "odi_responder_d" + d, "rmdq_responder_d" + d));
    }
    names.addAll(List.of("response_day", "response_event"));
    return names;
  }

  /**
   * Patient-level covariates from the patients table: patient_id, site, age_years, female, bmi,
   * standing_hours_per_day, pain_duration_months, prior_orthotic.
   */
  public static Dataset<Row> patientCovariates(Dataset<Row> patients) {
    requireColumns(patients, "patients", "patient_id", "site", "age_years", "sex", "height_cm", "weight_kg",
        "standing_hours_per_day", "pain_duration_months", "prior_orthotic");
    return patients.select(
        col("patient_id"),
        col("site"),
        col("age_years"),
        when(col("sex").equalTo("F"), 1).when(col("sex").equalTo("M"), 0).as("female"),
        OutcomeScoring.bmi(col("height_cm"), col("weight_kg")).as("bmi"),
        col("standing_hours_per_day"),
        col("pain_duration_months"),
        col("prior_orthotic"));
  }

  /**
   * Every patient of the patients table with covariates, first device, outcomes and baseline features
   * (left joins on patient_id): the table eligibility rules are evaluated on.
   */
  public static Dataset<Row> candidates(Dataset<Row> covariates, Dataset<Row> devices, Dataset<Row> outcomes, Dataset<Row> features) {
    return covariates
        .join(devices, new String[] {"patient_id"}, "left")
        .join(outcomes, new String[] {"patient_id"}, "left")
        .join(features, new String[] {"patient_id"}, "left");
  }

  /**
   * The configured rules followed by {@code required_values}: the cohort contract's required columns
   * are present.
   */
  public static List<EligibilityRule> rulesWithRequiredValues(CohortSettings s) {
    List<String> required = Schemas.get(Schemas.COHORT).requiredColumns().stream()
        .map(ColumnSpec::name).filter(n -> !n.equals("patient_id")).toList();
    List<EligibilityRule> rules = new ArrayList<>(s.eligibility());
    rules.add(new EligibilityRule(CohortStage.REQUIRED_VALUES_RULE,
        "Values the cohort contract requires are present (" + String.join(", ", required) + ")",
        String.join(" AND ", required.stream().map(n -> "`" + n + "` IS NOT NULL").toList())));
    return rules;
  }

  /**
   * Adds {@link #FIRST_FAILED_RULE}: the 1-based number of the first rule a patient fails (a null
   * condition fails), or {@code rules.size() + 1} when the patient passes them all. Each condition is
   * checked against the candidate columns first, so a typo fails before any data is read.
   */
  public static Dataset<Row> withFirstFailedRule(Dataset<Row> candidates, List<EligibilityRule> rules) {
    Column chain = null;
    for (int i = 0; i < rules.size(); i++) {
      EligibilityRule r = rules.get(i);
      Column passes = coalesce(condition(candidates, r), lit(false));
      chain = chain == null ? when(not(passes), i + 1) : chain.when(not(passes), i + 1);
    }
    Column firstFailed = chain == null ? lit(1) : chain.otherwise(rules.size() + 1);
    return candidates.withColumn(FIRST_FAILED_RULE, firstFailed.cast("int"));
  }

  private static Column condition(Dataset<Row> candidates, EligibilityRule r) {
    Column c;
    DataType type;
    try {
      c = expr(r.condition());
      type = candidates.select(c).schema().fields()[0].dataType();
    } catch (Exception e) {
      throw new GaitException("eligibility rule '" + r.id() + "': condition \"" + r.condition() + "\" is invalid: "
          + firstLine(e.getMessage()));
    }
    if (!(type instanceof BooleanType)) {
      throw new GaitException("eligibility rule '" + r.id() + "': condition \"" + r.condition() + "\" gives "
          + type.simpleString() + ", not a boolean");
    }
    return c;
  }

  private static String pick(String measure, int day) {
    return "_" + measure + "_pick_d" + day;
  }

  static void requireColumns(Dataset<Row> df, String what, String... columns) {
    List<String> have = List.of(df.columns());
    for (String c : columns) {
      if (!have.contains(c)) {
        throw new GaitException(what + " has no column '" + c + "'");
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
