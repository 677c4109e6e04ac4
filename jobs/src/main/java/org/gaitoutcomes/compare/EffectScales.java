package org.gaitoutcomes.compare;

import static org.gaitoutcomes.compare.CausalMath.Z975;

import java.util.ArrayList;
import java.util.List;

/**
 * Effect scales from two arm means and their covariance: mean or risk difference, risk ratio (delta
 * method on the log scale), number needed to treat (1 / risk difference, interval by inverting the
 * risk-difference interval when it excludes 0; Altman 1998). Bootstrap SEs from the replicates.
 */
public final class EffectScales {
  private EffectScales() {}

  /** One effect on one scale. */
  public record Effect(String scale, double estimate, double stdError, double ciLow, double ciHigh, double pValue,
      double bootstrapSe, String seMethod, String note) {}

  public static List<Effect> effects(ArmMeans m, String kind) {
    List<Effect> out = new ArrayList<>();
    double diff = m.mu1() - m.mu0();
    double varDiff = m.var1() + m.var0() - 2 * m.cov10();
    double bootDiff = bootstrapSe(m, 0);
    boolean analytic = Double.isFinite(varDiff) && varDiff >= 0;
    double se = analytic ? Math.sqrt(varDiff) : bootDiff;
    String seMethod = analytic ? m.seMethod() : (Double.isFinite(bootDiff) ? "bootstrap" : null);
    Effect d = wald(kind.equals("binary") ? "risk_difference" : "mean_difference", diff, se, bootDiff, seMethod, m.note());
    out.add(d);
    if (!kind.equals("binary")) {
      return out;
    }
    if (m.mu1() > 0 && m.mu0() > 0) {
      double rr = m.mu1() / m.mu0();
      double varLog = m.var1() / (m.mu1() * m.mu1()) + m.var0() / (m.mu0() * m.mu0()) - 2 * m.cov10() / (m.mu1() * m.mu0());
      double bootLog = bootstrapSe(m, 1);
      double seLog = Double.isFinite(varLog) && varLog >= 0 ? Math.sqrt(varLog) : bootLog;
      out.add(new Effect("risk_ratio", rr, rr * seLog, rr * Math.exp(-Z975 * seLog), rr * Math.exp(Z975 * seLog),
          CausalMath.twoSidedP(Math.log(rr), seLog), rr * bootLog, seMethod, "SE by the delta method; interval on the log scale"
          + (m.note() == null ? "" : "; " + m.note())));
    } else {
      out.add(new Effect("risk_ratio", Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, "a risk is 0 in one arm"));
    }
    if (diff != 0) {
      boolean excludesZero = d.ciLow() > 0 || d.ciHigh() < 0;
      double lo = excludesZero ? Math.min(1 / d.ciLow(), 1 / d.ciHigh()) : Double.NaN;
      double hi = excludesZero ? Math.max(1 / d.ciLow(), 1 / d.ciHigh()) : Double.NaN;
      out.add(new Effect("nnt", 1 / diff, Double.NaN, lo, hi, d.pValue(), Double.NaN, null,
          "1 / risk difference (positive: patients treated per additional event)"
              + (excludesZero ? "" : "; interval omitted: the risk-difference interval includes 0")));
    }
    return out;
  }

  static Effect wald(String scale, double estimate, double se, double bootSe, String seMethod, String note) {
    return new Effect(scale, estimate, se, estimate - Z975 * se, estimate + Z975 * se, CausalMath.twoSidedP(estimate, se), bootSe, seMethod, note);
  }

  /** Bootstrap SE of mu1 - mu0 (which = 0) or of log(mu1 / mu0) (which = 1). */
  static double bootstrapSe(ArmMeans m, int which) {
    int b = m.boot1().length;
    if (b < 2) {
      return Double.NaN;
    }
    double[] v = new double[b];
    for (int r = 0; r < b; r++) {
      v[r] = which == 0 ? m.boot1()[r] - m.boot0()[r] : Math.log(m.boot1()[r] / m.boot0()[r]);
    }
    return CausalMath.standardDeviation(v);
  }
}
