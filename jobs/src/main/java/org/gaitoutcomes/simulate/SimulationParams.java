package org.gaitoutcomes.simulate;

import com.typesafe.config.Config;
import java.io.Serializable;
import java.util.List;
import org.gaitoutcomes.GaitException;

/**
 * Every parameter of the generative model, read once from {@code gait.simulate} (documented with its
 * default and source in {@code gait/simulate.conf}). Immutable and serializable: it travels to the
 * executors inside the generating functions.
 */
public final class SimulationParams implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String SCENARIO_DEFAULT = "default";
  public static final String SCENARIO_OTC_HARM = "otc_harm";

  public final long seed;
  public final String scenario;
  public final int partitions;
  public final int patientsPerPartition;
  public final long singleFileMaxPatients;
  public final double vendorShare;
  public final int injectErrors;

  // demographics
  public final double femaleShare;
  public final double ageMean;
  public final double ageSd;
  public final int ageMin;
  public final int ageMax;
  public final double heightFemaleMean;
  public final double heightFemaleSd;
  public final double heightMaleMean;
  public final double heightMaleSd;
  public final double bmiMean;
  public final double bmiSd;
  public final String[] sites;
  public final double[] siteCumulative;
  public final double standingJobShare;
  public final double standingHoursJobMean;
  public final double standingHoursJobSd;
  public final double standingHoursOtherMean;
  public final double standingHoursOtherSd;
  public final double painDurationMedianMonths;
  public final double painDurationLogSd;
  public final double priorOrthoticShare;

  // feet
  public final double sideCorrelation;
  public final double laxityOnPronation;
  public final double fpiItemIntercept;
  public final double fpiItemLoading;
  public final double fpiItemNoiseSd;
  public final double navicularSeatedMean;
  public final double navicularSeatedSd;
  public final double navicularDropMean;
  public final double navicularDropLoading;
  public final double navicularDropNoiseSd;
  public final double rcspMean;
  public final double rcspLoading;
  public final double rcspNoiseSd;
  public final double lldAnatomicSd;
  public final double legLengthMeasurementSd;
  public final double legLengthHeightRatio;
  public final double qAngleMaleMean;
  public final double qAngleFemaleMean;
  public final double qAngleSd;
  public final double qAnglePronationLoading;
  public final double dorsiflexionMean;
  public final double dorsiflexionAgeSlope;
  public final double dorsiflexionPronationLoading;
  public final double dorsiflexionSd;
  public final double beightonIntercept;
  public final double beightonFemale;
  public final double beightonAgeSlope;
  public final double beightonLaxityLoading;

  // scans
  public final int stepsPerSide;
  public final double cellMm;
  public final int gridRows;
  public final int gridCols;
  public final double samplingHz;
  public final double strideMean;
  public final double strideSd;
  public final double stanceFraction;
  public final double lldStanceAsymmetryPerMm;
  public final double footLengthHeightRatio;
  public final double midfootContactBaseFraction;
  public final double midfootContactPerDropMm;
  public final double copLateralBowFraction;
  public final double copBowLossPerSd;
  public final double heelPeakKpa;
  public final double midfootPeakKpa;
  public final double forefootPeakKpa;
  public final double halluxPeakKpa;
  public final double toesPeakKpa;
  public final double pressureNoiseSdKpa;
  public final double pressureQuantumKpa;

  // vendor
  public final double pedarShare;
  public final double pedarHz;
  public final double fscanSecondsPerFrame;

  // treatment
  public final double customShare;
  public final double confoundingStrength;
  public final double coefPronation;
  public final double coefLld;
  public final double coefPain;
  public final double coefStanding;
  public final double[] siteEffects;
  public final int startDayMax;
  public final double heelLiftProbabilityLld;
  public final double adherenceMeanCustom;
  public final double adherenceMeanOtc;

  // outcomes
  public final int[] followUpDays;
  public final int[] followUpJitterDays;
  public final int baselineOffsetMaxDays;
  public final double painTraitMean;
  public final double painTraitSd;
  public final double painOccasionSd;
  public final double painStandingJob;
  public final double painPerPronationSd;
  public final double painPer10mmLld;
  public final double recoveryMean;
  public final double recoverySd;
  public final double recoveryTauDays;
  public final double effectBase;
  public final double effectPerPronationSd;
  public final double effectPer10mmLld;
  public final double effectOnsetDays;
  public final double effectPlateauEndDays;
  public final double effectFadeDays;
  public final double otcHarmPoints;
  public final double odiMean;
  public final double odiPerPainPoint;
  public final double odiPersonSd;
  public final double odiOccasionSd;
  public final double odiSection8Missing;
  public final double odiOtherMissing;
  public final double rmdqMean;
  public final double rmdqPerPainPoint;
  public final double rmdqPersonSd;
  public final double dropoutHazardBase;
  public final double dropoutPerPainPoint;
  public final double dropoutOtc;

  /** Reads {@code gait.simulate} from a resolved configuration; fails naming the bad key and value. */
  public static SimulationParams from(Config root) {
    return new SimulationParams(root.getConfig("gait.simulate"));
  }

  private SimulationParams(Config c) {
    seed = c.getLong("seed");
    scenario = c.getString("scenario");
    require(scenario.equals(SCENARIO_DEFAULT) || scenario.equals(SCENARIO_OTC_HARM), "scenario", scenario, "default or otc_harm");
    partitions = c.getInt("partitions");
    require(partitions >= 0, "partitions", partitions, ">= 0");
    patientsPerPartition = c.getInt("patients_per_partition");
    require(patientsPerPartition >= 1, "patients_per_partition", patientsPerPartition, ">= 1");
    singleFileMaxPatients = c.getLong("single_file_max_patients");
    vendorShare = share(c, "vendor_share");
    injectErrors = c.getInt("inject_errors");
    require(injectErrors >= 0, "inject_errors", injectErrors, ">= 0");

    Config d = c.getConfig("demographics");
    femaleShare = share(d, "female_share");
    ageMean = d.getDouble("age_mean");
    ageSd = d.getDouble("age_sd");
    ageMin = d.getInt("age_min");
    ageMax = d.getInt("age_max");
    require(ageMin >= 0 && ageMin <= ageMax && ageMax <= 120, "demographics.age_min/age_max", ageMin + ".." + ageMax, "0 <= min <= max <= 120");
    heightFemaleMean = d.getDouble("height_female_mean_cm");
    heightFemaleSd = d.getDouble("height_female_sd_cm");
    heightMaleMean = d.getDouble("height_male_mean_cm");
    heightMaleSd = d.getDouble("height_male_sd_cm");
    bmiMean = d.getDouble("bmi_mean");
    bmiSd = d.getDouble("bmi_sd");
    List<String> siteList = d.getStringList("sites");
    List<Double> weights = d.getDoubleList("site_weights");
    require(!siteList.isEmpty() && siteList.size() == weights.size(), "demographics.site_weights", weights, "one weight per site");
    sites = siteList.toArray(new String[0]);
    siteCumulative = cumulative(weights);
    standingJobShare = share(d, "standing_job_share");
    standingHoursJobMean = d.getDouble("standing_hours_job_mean");
    standingHoursJobSd = d.getDouble("standing_hours_job_sd");
    standingHoursOtherMean = d.getDouble("standing_hours_other_mean");
    standingHoursOtherSd = d.getDouble("standing_hours_other_sd");
    painDurationMedianMonths = d.getDouble("pain_duration_median_months");
    painDurationLogSd = d.getDouble("pain_duration_log_sd");
    priorOrthoticShare = share(d, "prior_orthotic_share");

    Config f = c.getConfig("feet");
    sideCorrelation = f.getDouble("side_correlation");
    require(sideCorrelation >= 0 && sideCorrelation <= 1, "feet.side_correlation", sideCorrelation, "0..1");
    laxityOnPronation = f.getDouble("laxity_on_pronation");
    fpiItemIntercept = f.getDouble("fpi_item_intercept");
    fpiItemLoading = f.getDouble("fpi_item_loading");
    fpiItemNoiseSd = f.getDouble("fpi_item_noise_sd");
    navicularSeatedMean = f.getDouble("navicular_seated_mean_mm");
    navicularSeatedSd = f.getDouble("navicular_seated_sd_mm");
    navicularDropMean = f.getDouble("navicular_drop_mean_mm");
    navicularDropLoading = f.getDouble("navicular_drop_loading_mm");
    navicularDropNoiseSd = f.getDouble("navicular_drop_noise_sd_mm");
    rcspMean = f.getDouble("rcsp_mean_deg");
    rcspLoading = f.getDouble("rcsp_loading_deg");
    rcspNoiseSd = f.getDouble("rcsp_noise_sd_deg");
    lldAnatomicSd = f.getDouble("lld_anatomic_sd_mm");
    legLengthMeasurementSd = f.getDouble("leg_length_measurement_sd_mm");
    legLengthHeightRatio = f.getDouble("leg_length_height_ratio");
    qAngleMaleMean = f.getDouble("q_angle_male_mean_deg");
    qAngleFemaleMean = f.getDouble("q_angle_female_mean_deg");
    qAngleSd = f.getDouble("q_angle_sd_deg");
    qAnglePronationLoading = f.getDouble("q_angle_pronation_loading_deg");
    dorsiflexionMean = f.getDouble("dorsiflexion_mean_deg");
    dorsiflexionAgeSlope = f.getDouble("dorsiflexion_age_slope_deg");
    dorsiflexionPronationLoading = f.getDouble("dorsiflexion_pronation_loading_deg");
    dorsiflexionSd = f.getDouble("dorsiflexion_sd_deg");
    beightonIntercept = f.getDouble("beighton_intercept");
    beightonFemale = f.getDouble("beighton_female");
    beightonAgeSlope = f.getDouble("beighton_age_slope");
    beightonLaxityLoading = f.getDouble("beighton_laxity_loading");

    Config s = c.getConfig("scans");
    stepsPerSide = s.getInt("steps_per_side");
    require(stepsPerSide >= 1 && stepsPerSide <= 50, "scans.steps_per_side", stepsPerSide, "1..50");
    cellMm = s.getDouble("cell_mm");
    gridRows = s.getInt("grid_rows");
    gridCols = s.getInt("grid_cols");
    require(cellMm >= 2 && cellMm <= 50, "scans.cell_mm", cellMm, "2..50");
    require(gridRows * cellMm >= 300 && gridCols * cellMm >= 115, "scans.grid_rows/grid_cols",
        gridRows + "x" + gridCols, "a grid of at least 300 x 115 mm");
    samplingHz = s.getDouble("sampling_hz");
    require(samplingHz >= 10 && samplingHz <= 1000, "scans.sampling_hz", samplingHz, "10..1000");
    strideMean = s.getDouble("stride_mean_s");
    strideSd = s.getDouble("stride_sd_s");
    stanceFraction = s.getDouble("stance_fraction");
    require(stanceFraction > 0.4 && stanceFraction < 0.8, "scans.stance_fraction", stanceFraction, "0.4..0.8");
    lldStanceAsymmetryPerMm = s.getDouble("lld_stance_asymmetry_per_mm");
    footLengthHeightRatio = s.getDouble("foot_length_height_ratio");
    midfootContactBaseFraction = s.getDouble("midfoot_contact_base_fraction");
    midfootContactPerDropMm = s.getDouble("midfoot_contact_per_drop_mm");
    copLateralBowFraction = s.getDouble("cop_lateral_bow_fraction");
    copBowLossPerSd = s.getDouble("cop_bow_loss_per_sd");
    heelPeakKpa = s.getDouble("heel_peak_kpa");
    midfootPeakKpa = s.getDouble("midfoot_peak_kpa");
    forefootPeakKpa = s.getDouble("forefoot_peak_kpa");
    halluxPeakKpa = s.getDouble("hallux_peak_kpa");
    toesPeakKpa = s.getDouble("toes_peak_kpa");
    pressureNoiseSdKpa = s.getDouble("pressure_noise_sd_kpa");
    pressureQuantumKpa = s.getDouble("pressure_quantum_kpa");
    require(pressureQuantumKpa > 0, "scans.pressure_quantum_kpa", pressureQuantumKpa, "> 0");

    Config v = c.getConfig("vendor");
    pedarShare = share(v, "pedar_share");
    pedarHz = v.getDouble("pedar_hz");
    fscanSecondsPerFrame = v.getDouble("fscan_seconds_per_frame");
    require(pedarHz >= 10 && pedarHz <= 1000, "vendor.pedar_hz", pedarHz, "10..1000");
    require(fscanSecondsPerFrame >= 0.001 && fscanSecondsPerFrame <= 0.1, "vendor.fscan_seconds_per_frame", fscanSecondsPerFrame, "0.001..0.1");

    Config t = c.getConfig("treatment");
    customShare = t.getDouble("custom_share");
    require(customShare > 0 && customShare < 1, "treatment.custom_share", customShare, "strictly between 0 and 1");
    confoundingStrength = t.getDouble("confounding_strength");
    coefPronation = t.getDouble("coef_pronation");
    coefLld = t.getDouble("coef_lld");
    coefPain = t.getDouble("coef_pain");
    coefStanding = t.getDouble("coef_standing");
    siteEffects = t.getDoubleList("site_effects").stream().mapToDouble(Double::doubleValue).toArray();
    require(siteEffects.length == sites.length, "treatment.site_effects", siteEffects.length + " values", "one per site in demographics.sites");
    startDayMax = t.getInt("start_day_max");
    require(startDayMax >= 0 && startDayMax <= 365, "treatment.start_day_max", startDayMax, "0..365");
    heelLiftProbabilityLld = share(t, "heel_lift_probability_lld");
    adherenceMeanCustom = t.getDouble("adherence_mean_custom");
    adherenceMeanOtc = t.getDouble("adherence_mean_otc");
    require(adherenceMeanCustom > 0 && adherenceMeanCustom < 1 && adherenceMeanOtc > 0 && adherenceMeanOtc < 1,
        "treatment.adherence_mean_*", adherenceMeanCustom + "/" + adherenceMeanOtc, "strictly between 0 and 1");

    Config o = c.getConfig("outcomes");
    followUpDays = o.getIntList("follow_up_days").stream().mapToInt(Integer::intValue).toArray();
    followUpJitterDays = o.getIntList("follow_up_jitter_days").stream().mapToInt(Integer::intValue).toArray();
    require(followUpDays.length >= 1 && followUpDays.length == followUpJitterDays.length, "outcomes.follow_up_jitter_days",
        followUpJitterDays.length + " values", "one per follow-up day");
    for (int k = 0; k < followUpDays.length; k++) {
      require(followUpDays[k] > followUpJitterDays[k] && (k == 0 || followUpDays[k] - followUpJitterDays[k] > followUpDays[k - 1] + followUpJitterDays[k - 1]),
          "outcomes.follow_up_days", followUpDays[k], "increasing days whose jitter windows do not overlap");
    }
    baselineOffsetMaxDays = o.getInt("baseline_offset_max_days");
    painTraitMean = o.getDouble("pain_trait_mean");
    painTraitSd = o.getDouble("pain_trait_sd");
    painOccasionSd = o.getDouble("pain_occasion_sd");
    painStandingJob = o.getDouble("pain_standing_job");
    painPerPronationSd = o.getDouble("pain_per_pronation_sd");
    painPer10mmLld = o.getDouble("pain_per_10mm_lld");
    recoveryMean = o.getDouble("recovery_mean");
    recoverySd = o.getDouble("recovery_sd");
    recoveryTauDays = o.getDouble("recovery_tau_days");
    effectBase = o.getDouble("effect_base");
    effectPerPronationSd = o.getDouble("effect_per_pronation_sd");
    effectPer10mmLld = o.getDouble("effect_per_10mm_lld");
    effectOnsetDays = o.getDouble("effect_onset_days");
    effectPlateauEndDays = o.getDouble("effect_plateau_end_days");
    effectFadeDays = o.getDouble("effect_fade_days");
    otcHarmPoints = o.getDouble("otc_harm_points");
    odiMean = o.getDouble("odi_mean");
    odiPerPainPoint = o.getDouble("odi_per_pain_point");
    odiPersonSd = o.getDouble("odi_person_sd");
    odiOccasionSd = o.getDouble("odi_occasion_sd");
    odiSection8Missing = share(o, "odi_section8_missing");
    odiOtherMissing = share(o, "odi_other_missing");
    rmdqMean = o.getDouble("rmdq_mean");
    rmdqPerPainPoint = o.getDouble("rmdq_per_pain_point");
    rmdqPersonSd = o.getDouble("rmdq_person_sd");
    dropoutHazardBase = o.getDouble("dropout_hazard_base");
    require(dropoutHazardBase > 0 && dropoutHazardBase < 1, "outcomes.dropout_hazard_base", dropoutHazardBase, "strictly between 0 and 1");
    dropoutPerPainPoint = o.getDouble("dropout_per_pain_point");
    dropoutOtc = o.getDouble("dropout_otc");
  }

  public boolean otcHarm() {
    return SCENARIO_OTC_HARM.equals(scenario);
  }

  private static double share(Config c, String key) {
    double v = c.getDouble(key);
    require(v >= 0 && v <= 1, key, v, "a share between 0 and 1");
    return v;
  }

  private static double[] cumulative(List<Double> weights) {
    double total = 0;
    for (double w : weights) {
      require(w >= 0, "demographics.site_weights", w, ">= 0");
      total += w;
    }
    require(total > 0, "demographics.site_weights", weights, "a positive total");
    double[] cum = new double[weights.size()];
    double run = 0;
    for (int i = 0; i < cum.length; i++) {
      run += weights.get(i) / total;
      cum[i] = run;
    }
    cum[cum.length - 1] = 1.0;
    return cum;
  }

  private static void require(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new GaitException("gait.simulate." + key + " = " + value + " is invalid: expected " + expected);
    }
  }
}
