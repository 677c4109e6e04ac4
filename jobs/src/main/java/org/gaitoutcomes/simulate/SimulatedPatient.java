package org.gaitoutcomes.simulate;

/**
 * Everything the simulator knows about one patient, observed and latent, including the outcomes
 * under both devices. Plain mutable data filled by {@link PatientGenerator}; arrays indexed by side
 * are {@code [0] = left, [1] = right}; arrays indexed by arm are {@code [0] = OTC, [1] = custom};
 * assessments are {@code [0] = baseline, [k] = follow-up k}.
 */
public final class SimulatedPatient {
  public static final int LEFT = 0;
  public static final int RIGHT = 1;
  public static final int OTC = 0;
  public static final int CUSTOM = 1;
  public static final int ODI_SECTIONS = 10;

  public long index;
  public String id;

  // demographics
  public boolean female;
  public int age;
  public double heightCm;
  public double weightKg;
  public int site;
  public boolean standingJob;
  public double standingHours;
  public double painDurationMonths;
  public boolean priorOrthotic;

  // feet and legs (latent traits, then observed measurements)
  public double laxity;
  public final double[] pronation = new double[2];
  public double lldAnatomicMm;
  public int beighton;
  public final int[][] fpiItems = new int[2][6];
  public final double[] navicularSeatedMm = new double[2];
  public final double[] navicularStandingMm = new double[2];
  public final double[] rcspDeg = new double[2];
  public final double[] legLengthMm = new double[2];
  public final double[] qAngleDeg = new double[2];
  public final double[] dorsiflexionDeg = new double[2];

  // treatment
  public boolean treated;
  public int startDay;
  public String posting;
  public double heelLiftMm;
  /** Adherence under each device (the reported value is the received device's, to 0.05). */
  public final double[] adherence = new double[2];
  /** Custom-minus-OTC effect size at full adherence and plateau (NRS points, positive = benefit). */
  public double effectSize;
  /** OTC harm at full adherence (scenario otc_harm; 0 otherwise). */
  public double otcHarm;

  // outcomes
  public int[] nominalDays;
  public int[] days;
  public int[][] nrs;
  public Integer[][][] odiSections;
  public double[][] odiPercent;
  public int[][] rmdq;
  /** Assessments observed: the baseline plus the follow-ups before dropout. */
  public int observedAssessments;

  public int fpiTotal(int side) {
    int sum = 0;
    for (int v : fpiItems[side]) {
      sum += v;
    }
    return sum;
  }

  /** Patient-level pronation: FPI-6 total >= +6 on at least one foot (Redmond 2006: +6..+9 pronated). */
  public boolean pronated() {
    return Math.max(fpiTotal(LEFT), fpiTotal(RIGHT)) >= 6;
  }

  /** Measured LLD, left minus right, mm (ASIS to medial malleolus). */
  public double lldMeasuredMm() {
    return legLengthMm[LEFT] - legLengthMm[RIGHT];
  }

  public double meanPronationTrait() {
    return (pronation[LEFT] + pronation[RIGHT]) / 2;
  }

  public int arm() {
    return treated ? CUSTOM : OTC;
  }

  public int baselineNrs() {
    return nrs[OTC][0];
  }

  public double navicularDropMm(int side) {
    return navicularSeatedMm[side] - navicularStandingMm[side];
  }
}
