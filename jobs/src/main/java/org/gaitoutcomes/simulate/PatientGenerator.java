package org.gaitoutcomes.simulate;

import static org.gaitoutcomes.simulate.PatientRandom.clip;
import static org.gaitoutcomes.simulate.PatientRandom.logistic;
import static org.gaitoutcomes.simulate.PatientRandom.logit;
import static org.gaitoutcomes.simulate.PatientRandom.normal;
import static org.gaitoutcomes.simulate.PatientRandom.uniformInt;
import static org.gaitoutcomes.simulate.SimulatedPatient.CUSTOM;
import static org.gaitoutcomes.simulate.SimulatedPatient.LEFT;
import static org.gaitoutcomes.simulate.SimulatedPatient.OTC;
import static org.gaitoutcomes.simulate.SimulatedPatient.RIGHT;

import java.util.SplittableRandom;

/**
 * Draws one patient (demographics, feet, treatment, outcomes under both devices) from the generative
 * model described in {@code package-info.java}. Pure Java, no Spark: a function of (parameters, seed,
 * patient index) only. Each component uses its own {@link PatientRandom} stream and always consumes
 * the same draws in the same order whatever the arm, so the two potential outcomes share their noise
 * and the observed outcome is exactly the received arm's.
 */
public final class PatientGenerator {
  /** Oswestry section offsets from the mean section score (sum 0): lifting and sex life score higher. */
  static final double[] ODI_SECTION_OFFSETS = {0.0, -0.5, 0.5, -0.2, 0.2, 0.3, 0.0, 0.1, -0.2, -0.2};

  private PatientGenerator() {}

  /** Pseudonymous key of patient {@code index}: {@code P} and at least eight digits. */
  public static String patientId(long index) {
    return String.format("P%08d", index);
  }

  public static SimulatedPatient generate(SimulationParams p, long seed, long index) {
    SimulatedPatient s = new SimulatedPatient();
    s.index = index;
    s.id = patientId(index);
    demographics(p, PatientRandom.stream(seed, index, PatientRandom.DEMOGRAPHICS), s);
    feet(p, PatientRandom.stream(seed, index, PatientRandom.FEET), s);
    SplittableRandom outcomeRng = PatientRandom.stream(seed, index, PatientRandom.OUTCOMES);
    PainDraws pain = PainDraws.draw(p, outcomeRng, s);
    treatment(p, PatientRandom.stream(seed, index, PatientRandom.TREATMENT), s, pain.baselineNrs());
    outcomes(p, pain, s);
    return s;
  }

  static void demographics(SimulationParams p, SplittableRandom r, SimulatedPatient s) {
    s.female = r.nextDouble() < p.femaleShare;
    s.age = (int) Math.round(clip(p.ageMean + p.ageSd * normal(r), p.ageMin, p.ageMax));
    double height = s.female ? p.heightFemaleMean + p.heightFemaleSd * normal(r) : p.heightMaleMean + p.heightMaleSd * normal(r);
    s.heightCm = round1(clip(height, 130, 215));
    double bmi = clip(p.bmiMean + p.bmiSd * normal(r), 17, 50);
    s.weightKg = round1(clip(bmi * Math.pow(s.heightCm / 100, 2), 30, 300));
    double u = r.nextDouble();
    int site = 0;
    while (site < p.siteCumulative.length - 1 && u >= p.siteCumulative[site]) {
      site++;
    }
    s.site = site;
    s.standingJob = r.nextDouble() < p.standingJobShare;
    double hours = s.standingJob ? p.standingHoursJobMean + p.standingHoursJobSd * normal(r)
        : p.standingHoursOtherMean + p.standingHoursOtherSd * normal(r);
    s.standingHours = round1(clip(hours, 0, 16));
    s.painDurationMonths = round1(clip(3 + Math.exp(Math.log(p.painDurationMedianMonths) + p.painDurationLogSd * normal(r)), 3, 720));
    s.priorOrthotic = r.nextDouble() < p.priorOrthoticShare;
  }

  static void feet(SimulationParams p, SplittableRandom r, SimulatedPatient s) {
    s.laxity = normal(r);
    double lax = p.laxityOnPronation;
    double common = lax * s.laxity + Math.sqrt(1 - lax * lax) * normal(r);
    double rho = p.sideCorrelation;
    for (int side = LEFT; side <= RIGHT; side++) {
      s.pronation[side] = Math.sqrt(rho) * common + Math.sqrt(1 - rho) * normal(r);
    }
    double pBeighton = logistic(p.beightonIntercept + (s.female ? p.beightonFemale : 0) + p.beightonAgeSlope * (s.age - 48)
        + p.beightonLaxityLoading * s.laxity);
    int beighton = 0;
    for (int i = 0; i < 9; i++) {
      if (r.nextDouble() < pBeighton) {
        beighton++;
      }
    }
    s.beighton = beighton;
    s.lldAnatomicMm = p.lldAnatomicSd * normal(r);
    double rightTrue = p.legLengthHeightRatio * s.heightCm * 10 + 15 * normal(r);
    double[] legTrue = {rightTrue + s.lldAnatomicMm, rightTrue};
    for (int side = LEFT; side <= RIGHT; side++) {
      double z = s.pronation[side];
      for (int item = 0; item < 6; item++) {
        s.fpiItems[side][item] = (int) clip(Math.round(p.fpiItemIntercept + p.fpiItemLoading * z + p.fpiItemNoiseSd * normal(r)), -2, 2);
      }
      double seated = clip(p.navicularSeatedMean + p.navicularSeatedSd * normal(r), 25, 70);
      double drop = clip(p.navicularDropMean + p.navicularDropLoading * z + p.navicularDropNoiseSd * normal(r), 0, seated - 8);
      s.navicularSeatedMm[side] = round1(seated);
      s.navicularStandingMm[side] = round1(seated - drop);
      s.rcspDeg[side] = round1(clip(p.rcspMean + p.rcspLoading * z + p.rcspNoiseSd * normal(r), -15, 15));
      s.legLengthMm[side] = round1(legTrue[side] + p.legLengthMeasurementSd * normal(r));
      double q = (s.female ? p.qAngleFemaleMean : p.qAngleMaleMean) + p.qAngleSd * normal(r) + p.qAnglePronationLoading * z;
      s.qAngleDeg[side] = round1(clip(q, 0, 45));
      double df = p.dorsiflexionMean + p.dorsiflexionAgeSlope * (s.age - 48) + p.dorsiflexionPronationLoading * z + p.dorsiflexionSd * normal(r);
      s.dorsiflexionDeg[side] = round1(clip(df, -20, 70));
    }
  }

  /** Confounding by indication on observed covariates only; device details; adherence under both devices. */
  static void treatment(SimulationParams p, SplittableRandom r, SimulatedPatient s, int baselineNrs) {
    double fpiMean = (s.fpiTotal(LEFT) + s.fpiTotal(RIGHT)) / 2.0;
    double lld = Math.abs(s.lldMeasuredMm());
    double index = p.coefPronation * (fpiMean - 3) / 3 + p.coefLld * (lld - 5) / 5 + p.coefPain * (baselineNrs - 5) / 2.0
        + p.coefStanding * (s.standingHours - 3) / 3 + p.siteEffects[s.site];
    double uAssign = r.nextDouble();
    s.treated = uAssign < logistic(logit(p.customShare) + p.confoundingStrength * index);
    s.startDay = uniformInt(r, 0, p.startDayMax);
    double uPosting = r.nextDouble();
    double uLift = r.nextDouble();
    double adherencePropensity = normal(r);
    int fpiMax = Math.max(s.fpiTotal(LEFT), s.fpiTotal(RIGHT));
    if (s.treated) {
      if (fpiMax >= 6) {
        s.posting = uPosting < 0.85 ? "medial" : "none";
      } else if (fpiMax <= -1) {
        s.posting = uPosting < 0.5 ? "lateral" : "none";
      } else {
        s.posting = uPosting < 0.3 ? "medial" : "none";
      }
      s.heelLiftMm = lld >= 6 && uLift < p.heelLiftProbabilityLld ? Math.round(clip(0.6 * lld, 3, 15)) : 0;
    } else {
      s.posting = uPosting < 0.3 ? "medial" : "none";
      s.heelLiftMm = uLift < 0.05 ? 5 : 0;
    }
    s.adherence[CUSTOM] = logistic(logit(p.adherenceMeanCustom) + 0.8 * adherencePropensity);
    s.adherence[OTC] = logistic(logit(p.adherenceMeanOtc) + 0.8 * adherencePropensity);
    s.effectSize = p.effectBase + p.effectPerPronationSd * Math.max(0, s.meanPronationTrait())
        + p.effectPer10mmLld * Math.min(Math.abs(s.lldAnatomicMm) / 10, 2);
    boolean susceptible = s.meanPronationTrait() > 0.84 || Math.abs(s.lldAnatomicMm) >= 10;
    s.otcHarm = p.otcHarm() && susceptible ? p.otcHarmPoints : 0;
  }

  /** Shape of the custom-vs-OTC effect over days since the device start: onset, plateau, fade. */
  public static double effectTimeCourse(SimulationParams p, double t) {
    if (t <= 0) {
      return 0;
    }
    double onset = 1 - Math.exp(-t / p.effectOnsetDays);
    return t <= p.effectPlateauEndDays ? onset : onset * Math.exp(-(t - p.effectPlateauEndDays) / p.effectFadeDays);
  }

  /** Continuous pain under {@code arm} at {@code t} days after the device start, before the occasion noise. */
  static double expectedPain(SimulationParams p, SimulatedPatient s, PainDraws d, int arm, double t) {
    if (t <= 0) {
      return d.trait;
    }
    double pain = d.trait - d.recovery * (1 - Math.exp(-t / p.recoveryTauDays));
    if (arm == CUSTOM) {
      pain -= s.effectSize * s.adherence[CUSTOM] * effectTimeCourse(p, t);
    } else {
      pain += s.otcHarm * s.adherence[OTC] * (1 - Math.exp(-t / 14.0));
    }
    return pain;
  }

  static void outcomes(SimulationParams p, PainDraws d, SimulatedPatient s) {
    int n = p.followUpDays.length + 1;
    s.nominalDays = new int[n];
    s.days = new int[n];
    s.days[0] = Math.max(0, s.startDay - d.baselineOffset);
    for (int k = 1; k < n; k++) {
      s.nominalDays[k] = p.followUpDays[k - 1];
      s.days[k] = s.startDay + p.followUpDays[k - 1] + d.jitter[k];
    }
    s.nrs = new int[2][n];
    s.odiSections = new Integer[2][n][];
    s.odiPercent = new double[2][n];
    s.rmdq = new int[2][n];
    for (int arm = OTC; arm <= CUSTOM; arm++) {
      for (int k = 0; k < n; k++) {
        double pain = expectedPain(p, s, d, arm, k == 0 ? 0 : s.days[k] - s.startDay) + d.occasion[k];
        s.nrs[arm][k] = (int) Math.round(clip(pain, 0, 10));
        double odi = p.odiMean + p.odiPerPainPoint * (pain - 5) + d.odiPerson + d.odiOccasion[k];
        Integer[] sections = new Integer[SimulatedPatient.ODI_SECTIONS];
        int sum = 0;
        int answered = 0;
        for (int j = 0; j < sections.length; j++) {
          if (d.odiMissing[k][j]) {
            continue;
          }
          int v = (int) clip(Math.round(odi / 20 + ODI_SECTION_OFFSETS[j] + 0.5 * d.odiSectionNoise[k][j]), 0, 5);
          sections[j] = v;
          sum += v;
          answered++;
        }
        s.odiSections[arm][k] = sections;
        s.odiPercent[arm][k] = odiPercent(sum, answered);
        s.rmdq[arm][k] = (int) clip(Math.round(p.rmdqMean + p.rmdqPerPainPoint * (pain - 5) + d.rmdqPerson + 1.5 * d.rmdqOccasion[k]), 0, 24);
      }
    }
    int observed = 1;
    double hazard = logistic(logit(p.dropoutHazardBase) + p.dropoutPerPainPoint * (s.baselineNrs() - 5) + (s.treated ? 0 : p.dropoutOtc));
    while (observed < n && d.dropout[observed] >= hazard) {
      observed++;
    }
    s.observedAssessments = observed;
  }

  /** Oswestry Disability Index: sum / (5 x sections answered) x 100 (DOMAIN.md, Oswestry). */
  public static double odiPercent(int sum, int answered) {
    return answered == 0 ? Double.NaN : sum * 100.0 / (5.0 * answered);
  }

  /** Responder: NRS improvement >= 2 points or >= 30% of a positive baseline (Ostelo 2008). */
  public static boolean responder(int baselineNrs, int followUpNrs) {
    int improvement = baselineNrs - followUpNrs;
    return improvement >= 2 || (improvement > 0 && improvement >= 0.3 * baselineNrs);
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** Every outcome draw of a patient, made once and shared by both arms. */
  static final class PainDraws {
    double trait;
    double recovery;
    double odiPerson;
    double rmdqPerson;
    int baselineOffset;
    int[] jitter;
    double[] occasion;
    double[] odiOccasion;
    double[][] odiSectionNoise;
    boolean[][] odiMissing;
    double[] rmdqOccasion;
    double[] dropout;

    static PainDraws draw(SimulationParams p, SplittableRandom r, SimulatedPatient s) {
      PainDraws d = new PainDraws();
      int n = p.followUpDays.length + 1;
      d.trait = p.painTraitMean + p.painTraitSd * normal(r) + (s.standingJob ? p.painStandingJob : 0)
          + p.painPerPronationSd * s.meanPronationTrait() + p.painPer10mmLld * Math.abs(s.lldAnatomicMm) / 10;
      d.recovery = p.recoveryMean + p.recoverySd * normal(r);
      d.odiPerson = p.odiPersonSd * normal(r);
      d.rmdqPerson = p.rmdqPersonSd * normal(r);
      d.baselineOffset = uniformInt(r, 0, p.baselineOffsetMaxDays);
      d.jitter = new int[n];
      d.occasion = new double[n];
      d.odiOccasion = new double[n];
      d.odiSectionNoise = new double[n][SimulatedPatient.ODI_SECTIONS];
      d.odiMissing = new boolean[n][SimulatedPatient.ODI_SECTIONS];
      d.rmdqOccasion = new double[n];
      d.dropout = new double[n];
      for (int k = 0; k < n; k++) {
        d.jitter[k] = k == 0 ? 0 : uniformInt(r, -p.followUpJitterDays[k - 1], p.followUpJitterDays[k - 1]);
        d.occasion[k] = p.painOccasionSd * normal(r);
        d.odiOccasion[k] = p.odiOccasionSd * normal(r);
        for (int j = 0; j < SimulatedPatient.ODI_SECTIONS; j++) {
          d.odiSectionNoise[k][j] = normal(r);
        }
        d.odiMissing[k][7] = r.nextDouble() < p.odiSection8Missing;
        if (r.nextDouble() < p.odiOtherMissing) {
          int other = r.nextInt(SimulatedPatient.ODI_SECTIONS - 1);
          d.odiMissing[k][other >= 7 ? other + 1 : other] = true;
        }
        d.rmdqOccasion[k] = normal(r);
        d.dropout[k] = r.nextDouble();
      }
      return d;
    }

    int baselineNrs() {
      return (int) Math.round(clip(trait + occasion[0], 0, 10));
    }
  }
}
