// A minimal analysis table (one row per patient, the columns the compare stage reads) assembled from
// simulated tables, for notebooks 2 and 3. It stands in for the cohort stage of the full pipeline
// (`bin/gait-outcomes run` writes OUT/cohort/), which also applies eligibility rules and follow-up
// windows. Outcomes are taken from the simulator's truth_outcomes table, observed rows only, as the
// value under the device the patient received: exactly the observed outcome (see schemas/truth_outcomes.json).
//   treated               1 custom, 0 OTC (treatments.device_type)
//   age_years, female, bmi, standing_hours_per_day, site          (patients)
//   fpi_mean              mean of the two feet's FPI-6 totals at the first exam (Redmond 2006)
//   pronated              1 when FPI-6 total >= +6 on at least one foot (Redmond 2006)
//   lld_abs_mm            |left - right leg length| at the first exam, mm
//   nrs_/odi_/rmdq_baseline and <measure>_change_d<day>, responder_d<day> (Ostelo 2008) at each follow-up

Dataset<Row> analysisTable(Dataset<Row> patients, Dataset<Row> footExams, Dataset<Row> treatments, Dataset<Row> truthOutcomes) {
  Column fpiTotal = expr("fpi_talar_head + fpi_malleolar_curvature + fpi_calcaneal_position"
      + " + fpi_talonavicular_bulge + fpi_medial_arch + fpi_forefoot_abduction");
  Dataset<Row> feet = footExams
      .withColumn("first_visit", min("visit_day").over(org.apache.spark.sql.expressions.Window.partitionBy("patient_id")))
      .filter(col("visit_day").equalTo(col("first_visit")))
      .groupBy("patient_id")
      .agg(avg(fpiTotal).as("fpi_mean"),
          max(fpiTotal).geq(6).cast("int").as("pronated"),
          abs(sum(when(col("side").equalTo("L"), col("leg_length_mm")).otherwise(col("leg_length_mm").multiply(-1)))).as("lld_abs_mm"));
  Dataset<Row> people = patients.select(col("patient_id"), col("site"), col("age_years"),
      col("sex").equalTo("F").cast("int").as("female"),
      round(col("weight_kg").divide(pow(col("height_cm").divide(100), 2)), 2).as("bmi"),
      col("standing_hours_per_day"));
  Dataset<Row> arms = treatments.select(col("patient_id"), col("device_type").equalTo("custom").cast("int").as("treated"));

  Column received = col("treated").equalTo(1);
  Dataset<Row> observed = truthOutcomes.filter(col("observed")).select(col("patient_id"), col("follow_up_day"),
      when(received, col("nrs_custom")).otherwise(col("nrs_otc")).cast("double").as("nrs"),
      when(received, col("odi_custom")).otherwise(col("odi_otc")).as("odi"),
      when(received, col("rmdq_custom")).otherwise(col("rmdq_otc")).cast("double").as("rmdq"),
      when(received, col("responder_custom")).otherwise(col("responder_otc")).cast("int").as("responder"));
  List<Integer> days = observed.select("follow_up_day").distinct().orderBy("follow_up_day").as(org.apache.spark.sql.Encoders.INT()).collectAsList();
  List<Column> wide = new ArrayList<>();
  for (String m : List.of("nrs", "odi", "rmdq")) {
    wide.add(max(when(col("follow_up_day").equalTo(0), col(m))).as(m + "_baseline"));
  }
  for (int d : days) {
    if (d == 0) continue;
    for (String m : List.of("nrs", "odi", "rmdq")) {
      wide.add(max(when(col("follow_up_day").equalTo(d), col(m))).as(m + "_at_d" + d));
    }
    wide.add(max(when(col("follow_up_day").equalTo(d), col("responder"))).as("responder_d" + d));
  }
  Dataset<Row> outcomes = observed.groupBy("patient_id").agg(wide.get(0), wide.subList(1, wide.size()).toArray(new Column[0]));
  for (int d : days) {
    if (d == 0) continue;
    for (String m : List.of("nrs", "odi", "rmdq")) {
      outcomes = outcomes.withColumn(m + "_change_d" + d, col(m + "_at_d" + d).minus(col(m + "_baseline"))).drop(m + "_at_d" + d);
    }
  }
  return people.join(arms, "patient_id").join(feet, "patient_id").join(outcomes, "patient_id");
}
