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
    patientsPerPartition = c.getInt("patients-per-partition");
    require(patientsPerPartition >= 1, "patients-per-partition", patientsPerPartition, ">= 1");
    singleFileMaxPatients = c.getLong("single-file-max-patients");
    vendorShare = share(c, "vendor-share");
    injectErrors = c.getInt("inject-errors");
    require(injectErrors >= 0, "inject-errors", injectErrors, ">= 0");

    Config d = c.getConfig("demographics");
    femaleShare = share(d, "female-share");
    ageMean = d.getDouble("age-mean");
    ageSd = d.getDouble("age-sd");
    ageMin = d.getInt("age-min");
    ageMax = d.getInt("age-max");
    require(ageMin >= 0 && ageMin <= ageMax && ageMax <= 120, "demographics.age_min/age_max", ageMin + ".." + ageMax, "0 <= min <= max <= 120");
    heightFemaleMean = d.getDouble("height-female-mean-cm");
    heightFemaleSd = d.getDouble("height-female-sd-cm");
    heightMaleMean = d.getDouble("height-male-mean-cm");
    heightMaleSd = d.getDouble("height-male-sd-cm");
    bmiMean = d.getDouble("bmi-mean");
    bmiSd = d.getDouble("bmi-sd");
    List<String> siteList = d.getStringList("sites");
    List<Double> weights = d.getDoubleList("site-weights");
    require(!siteList.isEmpty() && siteList.size() == weights.size(), "demographics.site-weights", weights, "one weight per site");
    sites = siteList.toArray(new String[0]);
    siteCumulative = cumulative(weights);
    standingJobShare = share(d, "standing-job-share");
    standingHoursJobMean = d.getDouble("standing-hours-job-mean");
    standingHoursJobSd = d.getDouble("standing-hours-job-sd");
    standingHoursOtherMean = d.getDouble("standing-hours-other-mean");
    standingHoursOtherSd = d.getDouble("standing-hours-other-sd");
    painDurationMedianMonths = d.getDouble("pain-duration-median-months");
    painDurationLogSd = d.getDouble("pain-duration-log-sd");
    priorOrthoticShare = share(d, "prior-orthotic-share");

    Config f = c.getConfig("feet");
    sideCorrelation = f.getDouble("side-correlation");
    require(sideCorrelation >= 0 && sideCorrelation <= 1, "feet.side-correlation", sideCorrelation, "0..1");
    laxityOnPronation = f.getDouble("laxity-on-pronation");
    fpiItemIntercept = f.getDouble("fpi-item-intercept");
    fpiItemLoading = f.getDouble("fpi-item-loading");
    fpiItemNoiseSd = f.getDouble("fpi-item-noise-sd");
    navicularSeatedMean = f.getDouble("navicular-seated-mean-mm");
    navicularSeatedSd = f.getDouble("navicular-seated-sd-mm");
    navicularDropMean = f.getDouble("navicular-drop-mean-mm");
    navicularDropLoading = f.getDouble("navicular-drop-loading-mm");
    navicularDropNoiseSd = f.getDouble("navicular-drop-noise-sd-mm");
    rcspMean = f.getDouble("rcsp-mean-deg");
    rcspLoading = f.getDouble("rcsp-loading-deg");
    rcspNoiseSd = f.getDouble("rcsp-noise-sd-deg");
    lldAnatomicSd = f.getDouble("lld-anatomic-sd-mm");
    legLengthMeasurementSd = f.getDouble("leg-length-measurement-sd-mm");
    legLengthHeightRatio = f.getDouble("leg-length-height-ratio");
    qAngleMaleMean = f.getDouble("q-angle-male-mean-deg");
    qAngleFemaleMean = f.getDouble("q-angle-female-mean-deg");
    qAngleSd = f.getDouble("q-angle-sd-deg");
    qAnglePronationLoading = f.getDouble("q-angle-pronation-loading-deg");
    dorsiflexionMean = f.getDouble("dorsiflexion-mean-deg");
    dorsiflexionAgeSlope = f.getDouble("dorsiflexion-age-slope-deg");
    dorsiflexionPronationLoading = f.getDouble("dorsiflexion-pronation-loading-deg");
    dorsiflexionSd = f.getDouble("dorsiflexion-sd-deg");
    beightonIntercept = f.getDouble("beighton-intercept");
    beightonFemale = f.getDouble("beighton-female");
    beightonAgeSlope = f.getDouble("beighton-age-slope");
    beightonLaxityLoading = f.getDouble("beighton-laxity-loading");

    Config s = c.getConfig("scans");
    stepsPerSide = s.getInt("steps-per-side");
    require(stepsPerSide >= 1 && stepsPerSide <= 50, "scans.steps-per-side", stepsPerSide, "1..50");
    cellMm = s.getDouble("cell-mm");
    gridRows = s.getInt("grid-rows");
    gridCols = s.getInt("grid-cols");
    require(cellMm >= 2 && cellMm <= 50, "scans.cell-mm", cellMm, "2..50");
    require(gridRows * cellMm >= 300 && gridCols * cellMm >= 115, "scans.grid_rows/grid_cols",
        gridRows + "x" + gridCols, "a grid of at least 300 x 115 mm");
    samplingHz = s.getDouble("sampling-hz");
    require(samplingHz >= 10 && samplingHz <= 1000, "scans.sampling-hz", samplingHz, "10..1000");
    strideMean = s.getDouble("stride-mean-s");
    strideSd = s.getDouble("stride-sd-s");
    stanceFraction = s.getDouble("stance-fraction");
    require(stanceFraction > 0.4 && stanceFraction < 0.8, "scans.stance-fraction", stanceFraction, "0.4..0.8");
    lldStanceAsymmetryPerMm = s.getDouble("lld-stance-asymmetry-per-mm");
    footLengthHeightRatio = s.getDouble("foot-length-height-ratio");
    midfootContactBaseFraction = s.getDouble("midfoot-contact-base-fraction");
    midfootContactPerDropMm = s.getDouble("midfoot-contact-per-drop-mm");
    copLateralBowFraction = s.getDouble("cop-lateral-bow-fraction");
    copBowLossPerSd = s.getDouble("cop-bow-loss-per-sd");
    heelPeakKpa = s.getDouble("heel-peak-kpa");
    midfootPeakKpa = s.getDouble("midfoot-peak-kpa");
    forefootPeakKpa = s.getDouble("forefoot-peak-kpa");
    halluxPeakKpa = s.getDouble("hallux-peak-kpa");
    toesPeakKpa = s.getDouble("toes-peak-kpa");
    pressureNoiseSdKpa = s.getDouble("pressure-noise-sd-kpa");
    pressureQuantumKpa = s.getDouble("pressure-quantum-kpa");
    require(pressureQuantumKpa > 0, "scans.pressure-quantum-kpa", pressureQuantumKpa, "> 0");

    Config v = c.getConfig("vendor");
    pedarShare = share(v, "pedar-share");
    pedarHz = v.getDouble("pedar-hz");
    fscanSecondsPerFrame = v.getDouble("fscan-seconds-per-frame");
    require(pedarHz >= 10 && pedarHz <= 1000, "vendor.pedar-hz", pedarHz, "10..1000");
    require(fscanSecondsPerFrame >= 0.001 && fscanSecondsPerFrame <= 0.1, "vendor.fscan-seconds-per-frame", fscanSecondsPerFrame, "0.001..0.1");

    Config t = c.getConfig("treatment");
    customShare = t.getDouble("custom-share");
    require(customShare > 0 && customShare < 1, "treatment.custom-share", customShare, "strictly between 0 and 1");
    confoundingStrength = t.getDouble("confounding-strength");
    coefPronation = t.getDouble("coef-pronation");
    coefLld = t.getDouble("coef-lld");
    coefPain = t.getDouble("coef-pain");
    coefStanding = t.getDouble("coef-standing");
    siteEffects = t.getDoubleList("site-effects").stream().mapToDouble(Double::doubleValue).toArray();
    require(siteEffects.length == sites.length, "treatment.site-effects", siteEffects.length + " values", "one per site in demographics.sites");
    startDayMax = t.getInt("start-day-max");
    require(startDayMax >= 0 && startDayMax <= 365, "treatment.start-day-max", startDayMax, "0..365");
    heelLiftProbabilityLld = share(t, "heel-lift-probability-lld");
    adherenceMeanCustom = t.getDouble("adherence-mean-custom");
    adherenceMeanOtc = t.getDouble("adherence-mean-otc");
    require(adherenceMeanCustom > 0 && adherenceMeanCustom < 1 && adherenceMeanOtc > 0 && adherenceMeanOtc < 1,
        "treatment.adherence_mean_*", adherenceMeanCustom + "/" + adherenceMeanOtc, "strictly between 0 and 1");

    Config o = c.getConfig("outcomes");
    followUpDays = o.getIntList("follow-up-days").stream().mapToInt(Integer::intValue).toArray();
    followUpJitterDays = o.getIntList("follow-up-jitter-days").stream().mapToInt(Integer::intValue).toArray();
    require(followUpDays.length >= 1 && followUpDays.length == followUpJitterDays.length, "outcomes.follow-up-jitter-days",
        followUpJitterDays.length + " values", "one per follow-up day");
    for (int k = 0; k < followUpDays.length; k++) {
      require(followUpDays[k] > followUpJitterDays[k] && (k == 0 || followUpDays[k] - followUpJitterDays[k] > followUpDays[k - 1] + followUpJitterDays[k - 1]),
          "outcomes.follow-up-days", followUpDays[k], "increasing days whose jitter windows do not overlap");
    }
    baselineOffsetMaxDays = o.getInt("baseline-offset-max-days");
    painTraitMean = o.getDouble("pain-trait-mean");
    painTraitSd = o.getDouble("pain-trait-sd");
    painOccasionSd = o.getDouble("pain-occasion-sd");
    painStandingJob = o.getDouble("pain-standing-job");
    painPerPronationSd = o.getDouble("pain-per-pronation-sd");
    painPer10mmLld = o.getDouble("pain-per-10mm-lld");
    recoveryMean = o.getDouble("recovery-mean");
    recoverySd = o.getDouble("recovery-sd");
    recoveryTauDays = o.getDouble("recovery-tau-days");
    effectBase = o.getDouble("effect-base");
    effectPerPronationSd = o.getDouble("effect-per-pronation-sd");
    effectPer10mmLld = o.getDouble("effect-per-10mm-lld");
    effectOnsetDays = o.getDouble("effect-onset-days");
    effectPlateauEndDays = o.getDouble("effect-plateau-end-days");
    effectFadeDays = o.getDouble("effect-fade-days");
    otcHarmPoints = o.getDouble("otc-harm-points");
    odiMean = o.getDouble("odi-mean");
    odiPerPainPoint = o.getDouble("odi-per-pain-point");
    odiPersonSd = o.getDouble("odi-person-sd");
    odiOccasionSd = o.getDouble("odi-occasion-sd");
    odiSection8Missing = share(o, "odi-section8-missing");
    odiOtherMissing = share(o, "odi-other-missing");
    rmdqMean = o.getDouble("rmdq-mean");
    rmdqPerPainPoint = o.getDouble("rmdq-per-pain-point");
    rmdqPersonSd = o.getDouble("rmdq-person-sd");
    dropoutHazardBase = o.getDouble("dropout-hazard-base");
    require(dropoutHazardBase > 0 && dropoutHazardBase < 1, "outcomes.dropout-hazard-base", dropoutHazardBase, "strictly between 0 and 1");
    dropoutPerPainPoint = o.getDouble("dropout-per-pain-point");
    dropoutOtc = o.getDouble("dropout-otc");
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
      require(w >= 0, "demographics.site-weights", w, ">= 0");
      total += w;
    }
    require(total > 0, "demographics.site-weights", weights, "a positive total");
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
