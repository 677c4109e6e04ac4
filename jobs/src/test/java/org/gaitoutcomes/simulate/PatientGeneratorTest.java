package org.gaitoutcomes.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ToDoubleFunction;
import org.gaitoutcomes.config.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sample distributions of 20,000 simulated patients against the calibration targets of
 * ../shared/DOMAIN.md that gait/simulate.conf documents. Tolerances are about 3-4 standard errors
 * (a share of 0.2 on 40,000 feet has SE 0.002; a mean with SD 2 on 20,000 patients has SE 0.014)
 * plus the stated modelling slack where the target itself is approximate ("about").
 */
class PatientGeneratorTest {
  static final int N = 20_000;
  static SimulationParams params;
  static SimulatedPatient[] patients;

  @BeforeAll
  static void simulate() {
    params = SimulationParams.from(Settings.defaults());
    patients = new SimulatedPatient[N];
    for (int i = 0; i < N; i++) {
      patients[i] = PatientGenerator.generate(params, 7L, i);
    }
  }

  static double mean(ToDoubleFunction<SimulatedPatient> f) {
    double sum = 0;
    for (SimulatedPatient p : patients) {
      sum += f.applyAsDouble(p);
    }
    return sum / N;
  }

  static double sd(ToDoubleFunction<SimulatedPatient> f) {
    double m = mean(f);
    double ss = 0;
    for (SimulatedPatient p : patients) {
      double d = f.applyAsDouble(p) - m;
      ss += d * d;
    }
    return Math.sqrt(ss / (N - 1));
  }

  static double footShare(java.util.function.BiPredicate<SimulatedPatient, Integer> f) {
    int n = 0;
    for (SimulatedPatient p : patients) {
      for (int side = 0; side < 2; side++) {
        if (f.test(p, side)) {
          n++;
        }
      }
    }
    return n / (2.0 * N);
  }

  @Test
  void demographicsMatchTheirParameters() {
    assertEquals(0.58, mean(p -> p.female ? 1 : 0), 0.015);
    assertEquals(48.0, mean(p -> p.age), 0.4);
    assertEquals(13.0, sd(p -> p.age), 0.5);
    assertEquals(0.35, mean(p -> p.standingJob ? 1 : 0), 0.015);
    assertEquals(0.25, mean(p -> p.site == 0 ? 1 : 0), 0.015);
  }

  @Test
  void footPostureSharesMatchDomainPriors() {
    // DOMAIN.md: pronated share about 20% (FPI >= +6)
    assertEquals(0.20, footShare((p, s) -> p.fpiTotal(s) >= 6), 0.02);
    // Brody 1982: > 10 mm excessive; model gives about 17%
    assertEquals(0.17, footShare((p, s) -> p.navicularDropMm(s) > 10), 0.03);
    // JFAR 2014: pronator <= -2 deg; model gives about 19%
    assertEquals(0.19, footShare((p, s) -> p.rcspDeg[s] <= -2), 0.03);
    // FPI items are each -2..+2
    assertTrue(footShare((p, s) -> java.util.Arrays.stream(p.fpiItems[s]).allMatch(v -> v >= -2 && v <= 2)) == 1.0);
  }

  @Test
  void pronationDrivesEveryPostureMeasureConsistently() {
    double[] fpi = new double[N];
    double[] drop = new double[N];
    double[] rcsp = new double[N];
    for (int i = 0; i < N; i++) {
      fpi[i] = patients[i].fpiTotal(0);
      drop[i] = patients[i].navicularDropMm(0);
      rcsp[i] = patients[i].rcspDeg[0];
    }
    assertTrue(correlation(fpi, drop) > 0.6, "FPI and navicular drop rise together");
    assertTrue(correlation(fpi, rcsp) < -0.6, "FPI rises as the calcaneus everts (negative RCSP)");
  }

  @Test
  void legLengthDiscrepancyMatchesKnutsonAndThresholdShares() {
    // Knutson 2005: anatomic |LLD| mean 5.2 mm (SD 4.1); half-normal with sd 6.5 has mean 5.19, SD 3.93
    assertEquals(5.2, mean(p -> Math.abs(p.lldAnatomicMm)), 0.12);
    assertEquals(3.93, sd(p -> Math.abs(p.lldAnatomicMm)), 0.12);
    // DOMAIN.md priors: measured |LLD| >= 6 mm about 45%, >= 11 mm about 15% (the normal model gives 17%, see simulate.conf)
    assertEquals(0.45, mean(p -> Math.abs(p.lldMeasuredMm()) >= 6 ? 1 : 0), 0.025);
    assertEquals(0.165, mean(p -> Math.abs(p.lldMeasuredMm()) >= 11 ? 1 : 0), 0.02);
  }

  @Test
  void qAngleBySexMatchesPantano() {
    double men = 0;
    double women = 0;
    int nWomen = 0;
    for (SimulatedPatient p : patients) {
      if (p.female) {
        women += p.qAngleDeg[0];
        nWomen++;
      } else {
        men += p.qAngleDeg[0];
      }
    }
    assertEquals(17.0, women / nWomen, 0.25);
    assertEquals(14.0, men / (N - nWomen), 0.25);
  }

  @Test
  void baselineOutcomesMatchDomainPriors() {
    // DOMAIN.md priors: baseline NRS about 5 (SD 2), Oswestry about 20% (SD 10-12)
    assertEquals(5.0, mean(p -> p.baselineNrs()), 0.2);
    assertEquals(2.0, sd(p -> p.baselineNrs()), 0.2);
    assertEquals(20.0, mean(p -> p.odiPercent[0][0]), 2.5);
    double odiSd = sd(p -> p.odiPercent[0][0]);
    assertTrue(odiSd >= 10 && odiSd <= 12.5, "ODI SD " + odiSd);
    // section 8 unanswered at about the configured rate
    assertEquals(0.35, mean(p -> p.odiSections[0][0][7] == null ? 1 : 0), 0.015);
  }

  @Test
  void trueEffectIsModestAndFades() {
    int d42 = 2;
    int d84 = 3;
    int d182 = 4;
    int d364 = 5;
    double ate42 = mean(p -> p.nrs[1][d42] - p.nrs[0][d42]);
    double ate84 = mean(p -> p.nrs[1][d84] - p.nrs[0][d84]);
    double ate182 = mean(p -> p.nrs[1][d182] - p.nrs[0][d182]);
    double ate364 = mean(p -> p.nrs[1][d364] - p.nrs[0][d364]);
    // DOMAIN.md priors: custom-vs-OTC 0.5-1.0 NRS points at 6-12 weeks, shrinking toward 0 by 6 months
    assertTrue(ate42 <= -0.5 && ate42 >= -1.0, "ATE d42 " + ate42);
    assertTrue(ate84 <= -0.4 && ate84 >= -1.0, "ATE d84 " + ate84);
    assertTrue(ate182 > ate84 && ate182 > -0.4, "ATE d182 " + ate182);
    assertTrue(Math.abs(ate364) < 0.1, "ATE d364 " + ate364);
    // larger with pronation: effect among pronated patients exceeds that among the others
    double pron = 0;
    double other = 0;
    int nPron = 0;
    for (SimulatedPatient p : patients) {
      double e = p.nrs[1][d42] - p.nrs[0][d42];
      if (p.pronated()) {
        pron += e;
        nPron++;
      } else {
        other += e;
      }
    }
    assertTrue(pron / nPron < other / (N - nPron) - 0.2, "pronated " + pron / nPron + " vs " + other / (N - nPron));
  }

  @Test
  void treatmentIsConfoundedByIndicationAndDropoutIsInRange() {
    double custom = mean(p -> p.treated ? 1 : 0);
    assertTrue(custom > 0.3 && custom < 0.5, "custom share " + custom);
    double customPronated = 0;
    int nPron = 0;
    for (SimulatedPatient p : patients) {
      if (p.pronated()) {
        customPronated += p.treated ? 1 : 0;
        nPron++;
      }
    }
    assertTrue(customPronated / nPron > custom + 0.1, "pronated feet get custom devices more often");
    // DOMAIN.md priors: dropout 8-20%
    double lost = mean(p -> p.observedAssessments < p.days.length ? 1 : 0);
    assertTrue(lost >= 0.08 && lost <= 0.20, "lost by the last follow-up " + lost);
    // start day 0-28 and follow-ups within their jitter windows
    for (SimulatedPatient p : patients) {
      assertTrue(p.startDay >= 0 && p.startDay <= 28);
      assertTrue(p.days[0] >= 0 && p.days[0] <= p.startDay);
      for (int k = 1; k < p.days.length; k++) {
        assertTrue(Math.abs(p.days[k] - p.startDay - params.followUpDays[k - 1]) <= params.followUpJitterDays[k - 1]);
      }
    }
  }

  @Test
  void sameSeedAndIndexGiveTheSamePatientAndOtherSeedsDiffer() {
    SimulatedPatient a = PatientGenerator.generate(params, 7L, 123);
    assertEquals(patients[123].heightCm, a.heightCm);
    assertEquals(patients[123].nrs[1][3], a.nrs[1][3]);
    SimulatedPatient b = PatientGenerator.generate(params, 8L, 123);
    assertTrue(a.heightCm != b.heightCm || a.age != b.age);
  }

  static SimulationParams with(String key, Object value) {
    return SimulationParams.from(com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of(key, value))
        .withFallback(Settings.defaults()).resolve());
  }

  @Test
  void otcHarmScenarioWorsensPainOnOtcForSusceptibleFeetOnly() {
    SimulationParams harm = with("gait.simulate.scenario", "otc_harm");
    int d84 = 3;
    double susceptibleShift = 0;
    double otherShift = 0;
    int nSusceptible = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      SimulatedPatient base = patients[i];
      SimulatedPatient h = PatientGenerator.generate(harm, 7L, i);
      assertEquals(base.nrs[1][d84], h.nrs[1][d84], "custom outcome unchanged");
      assertEquals(base.treated, h.treated, "assignment unchanged");
      if (h.otcHarm > 0) {
        susceptibleShift += h.nrs[0][d84] - base.nrs[0][d84];
        nSusceptible++;
      } else {
        otherShift += h.nrs[0][d84] - base.nrs[0][d84];
      }
    }
    assertTrue(nSusceptible > 0.2 * n && nSusceptible < 0.5 * n, "susceptible " + nSusceptible);
    // 1 point x OTC adherence (about 0.7) x (1 - exp(-84/14)), before rounding
    assertEquals(0.7, susceptibleShift / nSusceptible, 0.1);
    assertEquals(0.0, otherShift, 0.0);
  }

  @Test
  void confoundingStrengthZeroMakesTheDeviceIndependentOfIndication() {
    SimulationParams random = with("gait.simulate.treatment.confounding-strength", 0.0);
    int n = 10_000;
    int custom = 0;
    int customPronated = 0;
    int pronated = 0;
    for (int i = 0; i < n; i++) {
      SimulatedPatient p = PatientGenerator.generate(random, 7L, i);
      custom += p.treated ? 1 : 0;
      if (p.pronated()) {
        pronated++;
        customPronated += p.treated ? 1 : 0;
      }
    }
    assertEquals(0.4, custom / (double) n, 0.015);
    assertEquals(0.4, customPronated / (double) pronated, 0.035);
  }

  @Test
  void responderAndOdiFormulas() {
    // Ostelo 2008: >= 2 points or >= 30%
    assertTrue(PatientGenerator.responder(3, 2));   // 1 point = 33%
    assertTrue(!PatientGenerator.responder(7, 6));  // 1 point = 14%
    assertTrue(PatientGenerator.responder(7, 5));   // 2 points
    assertTrue(!PatientGenerator.responder(0, 0));
    // 9 sections answered summing to 18: 18 / 45 x 100 = 40
    assertEquals(40.0, PatientGenerator.odiPercent(18, 9), 1e-12);
  }

  static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
