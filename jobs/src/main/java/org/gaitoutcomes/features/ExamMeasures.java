package org.gaitoutcomes.features;

/** Clinical exam measures and their categories (plain Java; thresholds from DOMAIN.md with sources). */
public final class ExamMeasures {
  // Redmond 2006 FPI-6 categories: -12..-5, -4..-1, 0..+5, +6..+9, +10..+12.
  public static final int FPI_SUPINATED_MIN = -4;
  public static final int FPI_NEUTRAL_MIN = 0;
  public static final int FPI_PRONATED_MIN = 6;
  public static final int FPI_HIGHLY_PRONATED_MIN = 10;
  // JFAR 2014 7(S1):A55 resting calcaneal stance position: pronator <= -2 deg, supinator >= 3 deg.
  public static final double RCSP_PRONATOR_MAX = -2.0;
  public static final double RCSP_SUPINATOR_MIN = 3.0;
  // Leg-length categories (Rannisto 2015 threshold 6 mm; DOMAIN.md priors 11 mm).
  public static final double LLD_MODERATE_MIN = 6.0;
  public static final double LLD_LARGE_MIN = 11.0;

  private ExamMeasures() {}

  // Navicular drop = navicular height seated (subtalar neutral) minus relaxed standing, mm (Brody 1982).
  public static Double navicularDrop(Double seatedMm, Double standingMm) {
    return seatedMm == null || standingMm == null ? null : seatedMm - standingMm;
  }

  // FPI-6 total = sum of the six items, each -2..+2 (Redmond 2006); null unless all six are scored.
  public static Integer fpiTotal(Integer... items) {
    int sum = 0;
    for (Integer i : items) {
      if (i == null) {
        return null;
      }
      sum += i;
    }
    return sum;
  }

  // FPI-6 category of a total (Redmond 2006).
  public static String fpiCategory(Integer total) {
    if (total == null) {
      return null;
    }
    if (total >= FPI_HIGHLY_PRONATED_MIN) {
      return "highly_pronated";
    }
    if (total >= FPI_PRONATED_MIN) {
      return "pronated";
    }
    if (total >= FPI_NEUTRAL_MIN) {
      return "neutral";
    }
    return total >= FPI_SUPINATED_MIN ? "supinated" : "highly_supinated";
  }

  // RCSP category: <= -2 deg pronator, >= 3 deg supinator, else neutral (JFAR 2014 7(S1):A55).
  public static String rcspCategory(Double degrees) {
    if (degrees == null) {
      return null;
    }
    return degrees <= RCSP_PRONATOR_MAX ? "pronator" : degrees >= RCSP_SUPINATOR_MIN ? "supinator" : "neutral";
  }

  // True LLD = left minus right leg length (ASIS to medial malleolus), mm (DOMAIN.md).
  public static Double legLengthDiscrepancy(Double leftMm, Double rightMm) {
    return leftMm == null || rightMm == null ? null : leftMm - rightMm;
  }

  // LLD category of |LLD|: < 6 under_6, 6 to < 11 6_to_10, >= 11 11_plus (Rannisto 2015; DOMAIN.md).
  public static String lldCategory(Double lldMm) {
    if (lldMm == null) {
      return null;
    }
    double a = Math.abs(lldMm);
    return a < LLD_MODERATE_MIN ? "under_6" : a < LLD_LARGE_MIN ? "6_to_10" : "11_plus";
  }
}
