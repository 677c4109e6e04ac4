package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted Kaplan-Meier curves by arm (Xie & Liu 2005: the product-limit estimator with propensity
 * weights in the numbers of events and at risk), with unweighted numbers at risk, median time and the
 * difference in survival at fixed days; uncertainty from the same Poisson bootstrap replicates,
 * all replicates in one pass over the units (event day in {@code y}, event flag in {@code event}).
 */
public final class KaplanMeier {
  private KaplanMeier() {}

  /** One arm's curve: survival at each day 0..maxDay, unweighted numbers at risk, bootstrap SEs. */
  public record Curve(double[] survival, long[] atRisk, double[] events, double[] bootstrapSe, double median, double medianBootstrapSe) {}

  /** Both arms, plus the bootstrap replicates of survival at the fixed days and of the medians. */
  public record Result(Curve treated, Curve control, int maxDay, double[][] survivalDiffBoot, double[] medianDiffBoot, long nTreated, long nControl) {}

  /** Survival from weighted events and removals (events + censorings) per day (product limit). */
  public static double[] survival(double[] events, double[] removals, double total) {
    double[] s = new double[events.length];
    double atRisk = total;
    double surv = 1;
    for (int d = 0; d < events.length; d++) {
      if (atRisk > 0 && events[d] > 0) {
        surv *= 1 - events[d] / atRisk;
      }
      s[d] = surv;
      atRisk -= removals[d];
    }
    return s;
  }

  /** First day with survival at or below 0.5 (NaN when not reached). */
  public static double median(double[] survival) {
    for (int d = 0; d < survival.length; d++) {
      if (survival[d] <= 0.5) {
        return d;
      }
    }
    return Double.NaN;
  }

  /** A unit's analysis weight in replicate r (0: the full sample; 1..b: bootstrap replicate r - 1). */
  @FunctionalInterface
  public interface ReplicateWeight extends java.io.Serializable {
    double apply(AnalysisUnit u, int replicate);
  }

  /** Estimates both arms with analysis weights {@code weight}, the same in every bootstrap replicate. */
  public static Result estimate(UnitSource s, Estimators.WeightFunction weight, Estimators.Bootstrap boot, int[] fixedDays) {
    return estimate(s, (u, r) -> weight.apply(u), boot, fixedDays);
  }

  /**
   * Estimates both arms with analysis weights {@code weight(u, r)}, which may differ per replicate (IPTW:
   * the propensity model refitted in each bootstrap replicate); units without a day are skipped.
   */
  public static Result estimate(UnitSource s, ReplicateWeight weight, Estimators.Bootstrap boot, int[] fixedDays) {
    double[] max = s.max(1, (u, a) -> {
      if (!Double.isNaN(u.y)) {
        a[0] = Math.max(a[0], u.y);
      }
    });
    int maxDay = (int) Math.max(Double.isFinite(max[0]) ? max[0] : 0, 0);
    int d1 = maxDay + 1;
    int b = boot.replicates();
    int block = 2 * 2 * d1;
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    // Layout: replicate r (0 = full sample, 1..b bootstrap) x arm (0 treated, 1 control) x day x {event, removal}; then counts.
    double[] acc = s.sum((b + 1) * block + 2 * d1 + 2, (u, a) -> {
      if (Double.isNaN(u.y) || Double.isNaN(u.event) || u.subset == 0) {
        return;
      }
      int day = (int) Math.max(0, Math.min(maxDay, Math.floor(u.y)));
      int arm = u.t > 0 ? 0 : 1;
      for (int r = 0; r <= b; r++) {
        int v = r == 0 ? 1 : poisson.of(u.key, r - 1);
        if (v == 0) {
          continue;
        }
        double w = weight.apply(u, r);
        int o = r * block + (arm * d1 + day) * 2;
        a[o] += v * w * u.event;
        a[o + 1] += v * w;
      }
      a[(b + 1) * block + arm * d1 + day] += 1;
      a[(b + 1) * block + 2 * d1 + arm] += 1;
    });
    double[][][] surv = new double[b + 1][2][];
    for (int r = 0; r <= b; r++) {
      for (int arm = 0; arm < 2; arm++) {
        double[] ev = new double[d1];
        double[] rem = new double[d1];
        double total = 0;
        for (int d = 0; d < d1; d++) {
          int o = r * block + (arm * d1 + d) * 2;
          ev[d] = acc[o];
          rem[d] = acc[o + 1];
          total += rem[d];
        }
        surv[r][arm] = survival(ev, rem, total);
      }
    }
    Curve[] curves = new Curve[2];
    double[] medianDiffBoot = new double[b];
    double[][] diffBoot = new double[fixedDays.length][b];
    for (int r = 1; r <= b; r++) {
      medianDiffBoot[r - 1] = median(surv[r][0]) - median(surv[r][1]);
      for (int i = 0; i < fixedDays.length; i++) {
        int d = Math.min(fixedDays[i], maxDay);
        diffBoot[i][r - 1] = surv[r][0][d] - surv[r][1][d];
      }
    }
    for (int arm = 0; arm < 2; arm++) {
      double[] ev = new double[d1];
      long[] atRisk = new long[d1];
      long remaining = (long) acc[(b + 1) * block + 2 * d1 + arm];
      double[] se = new double[d1];
      double[] medians = new double[b];
      for (int d = 0; d < d1; d++) {
        ev[d] = acc[(arm * d1 + d) * 2];
        atRisk[d] = remaining;
        remaining -= (long) acc[(b + 1) * block + arm * d1 + d];
        double[] reps = new double[b];
        for (int r = 1; r <= b; r++) {
          reps[r - 1] = surv[r][arm][d];
        }
        se[d] = CausalMath.standardDeviation(reps);
      }
      for (int r = 1; r <= b; r++) {
        medians[r - 1] = median(surv[r][arm]);
      }
      curves[arm] = new Curve(surv[0][arm], atRisk, ev, se, median(surv[0][arm]), CausalMath.standardDeviation(medians));
    }
    return new Result(curves[0], curves[1], maxDay, diffBoot, medianDiffBoot,
        (long) acc[(b + 1) * block + 2 * d1], (long) acc[(b + 1) * block + 2 * d1 + 1]);
  }

  /** Days at which the curve of an arm changes (events), plus day 0: the points worth plotting. */
  public static List<Integer> eventDays(Curve c) {
    List<Integer> days = new ArrayList<>();
    days.add(0);
    for (int d = 1; d < c.events().length; d++) {
      if (c.events()[d] > 0) {
        days.add(d);
      }
    }
    return days;
  }
}
