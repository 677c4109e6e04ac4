package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.gaitoutcomes.compare.CausalMath.addCrossProducts;
import static org.gaitoutcomes.compare.CausalMath.dot;
import static org.gaitoutcomes.compare.CausalMath.effectiveSampleSize;
import static org.gaitoutcomes.compare.CausalMath.expit;
import static org.gaitoutcomes.compare.CausalMath.matrix;
import static org.gaitoutcomes.compare.CausalMath.solve;
import static org.gaitoutcomes.compare.CausalMath.vector;

/**
 * The effect estimators as sums over units: each makes a few passes of fixed-length sums over a
 * {@link UnitSource} and does the small linear algebra on the driver. Influence functions give the
 * analytic covariance of the two arm means; a Poisson bootstrap (weights from a hash of row key,
 * replicate and seed) gives the replicates in one pass.
 */
public final class Estimators {
  private Estimators() {}

  /** Poisson bootstrap settings; {@code replicates = 0} turns it off. */
  public record Bootstrap(int replicates, long seed) implements java.io.Serializable {}

  /**
   * A fitted logistic propensity model: coefficients (intercept first) and the inverse of the
   * observed information sum e (1-e) x x', for the M-estimation correction (null: treat as fixed).
   */
  public record Propensity(double[] beta, double[][] informationInverse, double[][] bootstrapBetas) implements java.io.Serializable {
    public Propensity(double[] beta, double[][] informationInverse) {
      this(beta, informationInverse, null);
    }
  }

  /** The propensity model with its bootstrap replicate coefficients attached (computed once, reused by every IPTW call). */
  public static Propensity withBootstrap(UnitSource s, Propensity ps, Bootstrap boot) {
    return boot.replicates() == 0 ? ps : new Propensity(ps.beta(), ps.informationInverse(), bootstrapCoefficients(s, ps.beta(), boot));
  }

  /** Per-arm truncation bounds of the weight's propensity score (null: no truncation). */
  public record Truncation(double lowTreated, double highTreated, double lowControl, double highControl) implements java.io.Serializable {
    public double clamp(double e, double t) {
      return t > 0 ? Math.min(Math.max(e, lowTreated), highTreated) : Math.min(Math.max(e, lowControl), highControl);
    }
  }

  // ---------------------------------------------------------------- unadjusted

  /** Difference in complete-case means; Welch variance s^2/n per arm. */
  public static ArmMeans unadjusted(UnitSource s, Bootstrap boot) {
    FusedPass pass = new FusedPass();
    Supplier<double[]> sums = pass.sum(6, (u, a) -> {
      if (u.subset > 0 && !Double.isNaN(u.y)) {
        int o = u.t > 0 ? 0 : 3;
        a[o] += 1;
        a[o + 1] += u.y;
        a[o + 2] += u.y * u.y;
      }
    });
    Supplier<double[][]> replicates = bootstrapWeightedMeans(pass, boot, (u) -> u.subset > 0 && !Double.isNaN(u.y) ? 1.0 : 0.0);
    pass.run(s);
    double[] m = sums.get();
    double n1 = m[0];
    double n0 = m[3];
    double mu1 = m[1] / n1;
    double mu0 = m[4] / n0;
    double v1 = (m[2] - n1 * mu1 * mu1) / (n1 - 1) / n1;
    double v0 = (m[5] - n0 * mu0 * mu0) / (n0 - 1) / n0;
    double[][] reps = replicates.get();
    return new ArmMeans(mu1, mu0, v1, v0, 0, (long) n1, (long) n0, n1, n0, reps[0], reps[1], "sandwich", null);
  }

  // ---------------------------------------------------------------- weighting

  /**
   * Hajek (normalised) weighted means with weights {@code fixedWeight x estimand weight(ew, t) x omega x subset}.
   * With a propensity model, the variance is the stacked M-estimation sandwich that accounts for the
   * estimated coefficients (Lunceford & Davidian 2004; Reifeis & Hudgens 2022 for ATT/ATO); without one
   * (estimand null: matching weights) the weights are treated as fixed (robust HC0 of a weighted regression).
   */
  public static ArmMeans weighted(UnitSource s, Estimand estimand, Propensity ps, Truncation trunc, Bootstrap boot) {
    return weighted(s, estimand, ps, null, trunc, boot);
  }

  /**
   * The missing-outcome model whose weights omega = 1 / P(observed | T, X) a weighted estimate uses:
   * logistic coefficients on the design row {@code [1, t, x...]} and the inverse of its information,
   * so its estimation enters the sandwich like the propensity model's.
   */
  public record Observation(double[] gamma, double[][] informationInverse) implements java.io.Serializable {
    /** The observation model's design row: 1, treatment, then the covariate terms. */
    public static double[] row(AnalysisUnit u) {
      double[] z = new double[u.x.length + 1];
      z[0] = 1;
      z[1] = u.t;
      System.arraycopy(u.x, 1, z, 2, u.x.length - 1);
      return z;
    }
  }

  /**
   * As {@link #weighted(UnitSource, Estimand, Propensity, Truncation, Bootstrap)}, with the estimating
   * equations of the observation model {@code obs} (null: none, or its weights held fixed) stacked
   * into the sandwich: d omega / d gamma = -omega (1 - pi) z, and gamma's influence I^-1 z (r - pi).
   */
  public static ArmMeans weighted(UnitSource s, Estimand estimand, Propensity ps, Observation obs, Truncation trunc, Bootstrap boot) {
    UnitSource.Contribution first = (u, a) -> {
      if (!u.observed()) {
        return;
      }
      double w = analysisWeight(u, estimand);
      int o = u.t > 0 ? 0 : 4;
      a[o] += w;
      a[o + 1] += w * u.y;
      a[o + 2] += w * w;
      // Units with weight 0 (unmatched in matching) are not counted as analysed.
      a[o + 3] += w > 0 ? 1 : 0;
    };
    // Pass 1: the weighted sums and every bootstrap replicate's (which need nothing from them).
    FusedPass pass1 = new FusedPass();
    Supplier<double[]> firstSums = pass1.sum(8, first);
    Supplier<double[][]> replicates = ps != null && estimand != null
        ? bootstrapIptwRefit(pass1, s, estimand, ps, trunc, boot)
        : bootstrapWeightedMeans(pass1, boot, u -> u.observed() ? analysisWeight(u, estimand) : 0.0);
    pass1.run(s);
    double[] m = firstSums.get();
    double s1 = m[0];
    double s0 = m[4];
    double mu1 = m[1] / s1;
    double mu0 = m[5] / s0;
    int p = ps == null ? 0 : ps.beta().length;
    int q = obs == null || ps == null ? 0 : obs.gamma().length;
    // Pass 2 (given the means): the derivatives of the means' estimating equations in the nuisance models' coefficients.
    FusedPass pass2 = new FusedPass();
    Supplier<double[]> propensitySlope = null;
    if (ps != null) {
      // d psi_mu / d beta = sum omega subset t (y - mu) dw/deta x, times the propensity influence H^-1 x (t - e).
      propensitySlope = pass2.sum(2 * p, (u, a) -> {
        if (!u.observed() || u.clamped()) {
          return;
        }
        double slope = u.fixedWeight * estimand.weightSlope(u.ew, u.t) * u.omega * u.subset;
        int o = u.t > 0 ? 0 : p;
        double r = u.y - (u.t > 0 ? mu1 : mu0);
        for (int j = 0; j < p; j++) {
          a[o + j] += slope * r * u.x[j];
        }
      });
    }
    Supplier<double[]> observationSlope = null;
    if (q > 0) {
      // d psi_mu / d gamma = sum -w (1 - pi) (y - mu) z over observed units (w includes omega = 1 / pi).
      observationSlope = pass2.sum(2 * q, (u, a) -> {
        if (!u.observed()) {
          return;
        }
        double w = analysisWeight(u, estimand);
        double pi = 1 / u.omega;
        int o = u.t > 0 ? 0 : q;
        double r = u.y - (u.t > 0 ? mu1 : mu0);
        double[] z = Observation.row(u);
        for (int j = 0; j < q; j++) {
          a[o + j] -= w * (1 - pi) * r * z[j];
        }
      });
    }
    pass2.run(s);
    double[] h1 = new double[p];
    double[] h0 = new double[p];
    if (propensitySlope != null) {
      double[] g = propensitySlope.get();
      h1 = CausalMath.times(ps.informationInverse(), vector(g, 0, p));
      h0 = CausalMath.times(ps.informationInverse(), vector(g, p, p));
    }
    double[] o1 = new double[q];
    double[] o0 = new double[q];
    if (observationSlope != null) {
      double[] g = observationSlope.get();
      o1 = CausalMath.times(obs.informationInverse(), vector(g, 0, q));
      o0 = CausalMath.times(obs.informationInverse(), vector(g, q, q));
    }
    final double[] c1 = h1;
    final double[] c0 = h0;
    final double[] d1 = o1;
    final double[] d0 = o0;
    final double[] gamma = obs == null ? null : obs.gamma();
    final boolean correct = ps != null;
    double[] v = s.sum(3, (u, a) -> {
      double phi1 = 0;
      double phi0 = 0;
      if (u.observed()) {
        double w = analysisWeight(u, estimand);
        if (u.t > 0) {
          phi1 = w * (u.y - mu1);
        } else {
          phi0 = w * (u.y - mu0);
        }
      }
      if (correct) {
        double score = u.t - u.e;
        phi1 += dot(c1, u.x) * score;
        phi0 += dot(c0, u.x) * score;
      }
      if (d1.length > 0) {
        double[] z = Observation.row(u);
        double pi = expit(dot(gamma, z));
        double r = Double.isNaN(u.y) ? 0 : 1;
        phi1 += dot(d1, z) * (r - pi);
        phi0 += dot(d0, z) * (r - pi);
      }
      phi1 /= s1;
      phi0 /= s0;
      a[0] += phi1 * phi1;
      a[1] += phi0 * phi0;
      a[2] += phi1 * phi0;
    });
    double[][] reps = replicates.get();
    return new ArmMeans(mu1, mu0, v[0], v[1], v[2], (long) m[3], (long) m[7],
        effectiveSampleSize(s1, m[2]), effectiveSampleSize(s0, m[6]), reps[0], reps[1], "sandwich", null);
  }

  static double analysisWeight(AnalysisUnit u, Estimand estimand) {
    double w = u.fixedWeight * u.omega * u.subset;
    return estimand == null ? w : w * estimand.weight(u.ew, u.t);
  }

  /**
   * Bootstrap of IPTW that re-estimates the propensity model in every replicate by one Newton step
   * from the full-sample fit (asymptotically equivalent to refitting): one pass for all replicates'
   * scores and information matrices, one pass for all replicates' weighted sums.
   */
  static Supplier<double[][]> bootstrapIptwRefit(FusedPass pass, UnitSource s, Estimand estimand, Propensity ps, Truncation trunc, Bootstrap boot) {
    int b = boot.replicates();
    if (b == 0) {
      return NO_REPLICATES;
    }
    double[][] betas = ps.bootstrapBetas() != null && ps.bootstrapBetas().length == b ? ps.bootstrapBetas() : bootstrapCoefficients(s, ps.beta(), boot);
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    Supplier<double[]> sums = pass.sum(4 * b, (u, a) -> {
      if (!u.observed()) {
        return;
      }
      for (int r = 0; r < b; r++) {
        int v = poisson.of(u.key, r);
        if (v == 0) {
          continue;
        }
        double e = expit(dot(betas[r], u.x));
        double ew = trunc == null ? e : trunc.clamp(e, u.t);
        double w = v * u.fixedWeight * u.omega * u.subset * estimand.weight(ew, u.t);
        int o = 4 * r + (u.t > 0 ? 0 : 2);
        a[o] += w;
        a[o + 1] += w * u.y;
      }
    });
    return () -> ratioReplicates(sums.get(), b);
  }

  /** One-step Newton refits of the logistic model in every Poisson replicate, from one pass of per-replicate scores and information. */
  static double[][] bootstrapCoefficients(UnitSource s, double[] beta, Bootstrap boot) {
    int b = boot.replicates();
    int p = beta.length;
    int stride = p + p * p;
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    double[] newton = s.sum(b * stride, (u, a) -> {
      double ew = u.e * (1 - u.e);
      for (int r = 0; r < b; r++) {
        int v = poisson.of(u.key, r);
        if (v == 0) {
          continue;
        }
        int o = r * stride;
        for (int i = 0; i < p; i++) {
          a[o + i] += v * u.x[i] * (u.t - u.e);
          double vxi = v * ew * u.x[i];
          int row = o + p + i * p;
          for (int j = 0; j < p; j++) {
            a[row + j] += vxi * u.x[j];
          }
        }
      }
    });
    double[][] betas = new double[b][];
    for (int r = 0; r < b; r++) {
      double[] step = solve(matrix(newton, r * stride + p, p), vector(newton, r * stride, p));
      betas[r] = new double[p];
      for (int j = 0; j < p; j++) {
        betas[r][j] = beta[j] + step[j];
      }
    }
    return betas;
  }

  /** No bootstrap: two empty replicate arrays. */
  private static final Supplier<double[][]> NO_REPLICATES = () -> new double[][] {new double[0], new double[0]};

  /** Bootstrap replicates of two weighted means with fixed per-unit weights, all replicates' sums registered in {@code pass}. */
  static Supplier<double[][]> bootstrapWeightedMeans(FusedPass pass, Bootstrap boot, WeightFunction weight) {
    int b = boot.replicates();
    if (b == 0) {
      return NO_REPLICATES;
    }
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    Supplier<double[]> sums = pass.sum(4 * b, (u, a) -> {
      double w = weight.apply(u);
      if (w == 0) {
        return;
      }
      for (int r = 0; r < b; r++) {
        int v = poisson.of(u.key, r);
        if (v > 0) {
          int o = 4 * r + (u.t > 0 ? 0 : 2);
          a[o] += v * w;
          a[o + 1] += v * w * u.y;
        }
      }
    });
    return () -> ratioReplicates(sums.get(), b);
  }

  private static double[][] ratioReplicates(double[] sums, int b) {
    double[] r1 = new double[b];
    double[] r0 = new double[b];
    for (int r = 0; r < b; r++) {
      r1[r] = sums[4 * r + 1] / sums[4 * r];
      r0[r] = sums[4 * r + 3] / sums[4 * r + 2];
    }
    return new double[][] {r1, r0};
  }

  /** A per-unit weight for the fixed-weight bootstrap. */
  @FunctionalInterface
  interface WeightFunction extends java.io.Serializable {
    double apply(AnalysisUnit u);
  }

  // ---------------------------------------------------------------- outcome regression

  /** Target-population weight of a unit for standardisation: 1 (ATE), t (ATT), e(1-e) (ATO). */
  static double targetWeight(AnalysisUnit u, Estimand estimand) {
    return u.subset * switch (estimand) {
      case ATE -> 1.0;
      case ATT -> u.t;
      case ATO -> u.e * (1 - u.e);
    };
  }

  /**
   * G-computation with a separate least-squares outcome model per arm (equivalently, full treatment-by-
   * covariate interactions), fitted on observed outcomes (MAR given T and X) and averaged over the target
   * population's covariates (Snowden, Rose & Mortimer 2011). Variance from the stacked OLS and mean
   * influence functions; ATO target weights are treated as fixed.
   */
  public static ArmMeans gComputation(UnitSource s, Estimand estimand, Bootstrap boot) {
    int p = firstDesignLength(s);
    int arm = p * p + p;
    // One pass: the per-arm normal equations, the target covariate means and every bootstrap replicate's.
    FusedPass pass = new FusedPass();
    Supplier<double[]> sums = pass.sum(2 * arm + p + 1 + 2, (u, a) -> {
      if (u.observed()) {
        addCrossProducts(a, u.t > 0 ? 0 : arm, u.x, u.y, 1);
        a[2 * arm + p + 1 + (u.t > 0 ? 0 : 1)] += 1;
      }
      double h = targetWeight(u, estimand);
      if (h != 0) {
        for (int j = 0; j < p; j++) {
          a[2 * arm + j] += h * u.x[j];
        }
        a[2 * arm + p] += h;
      }
    });
    Supplier<double[][]> replicates = bootstrapGComputation(pass, estimand, boot, p);
    pass.run(s);
    double[] m = sums.get();
    double[][] xx1 = matrix(m, 0, p);
    double[][] xx0 = matrix(m, arm, p);
    double[] beta1 = solve(xx1, vector(m, p * p, p));
    double[] beta0 = solve(xx0, vector(m, arm + p * p, p));
    double sumH = m[2 * arm + p];
    double[] xbar = vector(m, 2 * arm, p);
    for (int j = 0; j < p; j++) {
      xbar[j] /= sumH;
    }
    double mu1 = dot(beta1, xbar);
    double mu0 = dot(beta0, xbar);
    double[] a1 = solve(xx1, xbar);
    double[] a0 = solve(xx0, xbar);
    double[] v = s.sum(3, (u, a) -> {
      double phi1 = 0;
      double phi0 = 0;
      if (u.observed()) {
        if (u.t > 0) {
          phi1 += dot(a1, u.x) * (u.y - dot(beta1, u.x));
        } else {
          phi0 += dot(a0, u.x) * (u.y - dot(beta0, u.x));
        }
      }
      double h = targetWeight(u, estimand);
      if (h != 0) {
        phi1 += h * (dot(beta1, u.x) - mu1) / sumH;
        phi0 += h * (dot(beta0, u.x) - mu0) / sumH;
      }
      a[0] += phi1 * phi1;
      a[1] += phi0 * phi0;
      a[2] += phi1 * phi0;
    });
    double[][] reps = replicates.get();
    long n1 = (long) m[2 * arm + p + 1];
    long n0 = (long) m[2 * arm + p + 2];
    return new ArmMeans(mu1, mu0, v[0], v[1], v[2], n1, n0, Double.NaN, Double.NaN, reps[0], reps[1], "sandwich",
        estimand == Estimand.ATO ? "overlap target weights treated as fixed in the SE" : null);
  }

  /**
   * G-computation for a binary outcome: a logistic model per arm (maximum likelihood by Newton-Raphson,
   * as glm(family = binomial)), fitted on observed outcomes and averaged over the target population's
   * covariates: standardized risks, so every prediction lies in [0, 1]. Variance from the stacked
   * estimating equations of both logistic models and the two means (ATO target weights held fixed).
   */
  public static ArmMeans gComputationLogistic(UnitSource s, Estimand estimand, Bootstrap boot, double tol) {
    int p = firstDesignLength(s);
    double[] beta1 = armLogistic(s, p, 1, tol);
    double[] beta0 = armLogistic(s, p, 0, tol);
    // Per arm: information sum p(1-p) x x' over its observed units; then sum h p_a(1-p_a) x, sum h p_a, sum h and the counts.
    int arm = p * p;
    // Pass 1 (given the fits): the information and target sums, and the bootstrap replicates' Newton steps.
    FusedPass pass1 = new FusedPass();
    Supplier<double[]> sums = pass1.sum(2 * arm + 2 * p + 2 + 1 + 2, (u, a) -> {
      double p1 = CausalMath.expit(dot(beta1, u.x));
      double p0 = CausalMath.expit(dot(beta0, u.x));
      if (u.observed()) {
        double pa = u.t > 0 ? p1 : p0;
        double w = pa * (1 - pa);
        int o = u.t > 0 ? 0 : arm;
        for (int i = 0; i < p; i++) {
          for (int j = 0; j < p; j++) {
            a[o + i * p + j] += w * u.x[i] * u.x[j];
          }
        }
        a[2 * arm + 2 * p + 3 + (u.t > 0 ? 0 : 1)] += 1;
      }
      double h = targetWeight(u, estimand);
      if (h != 0) {
        for (int j = 0; j < p; j++) {
          a[2 * arm + j] += h * p1 * (1 - p1) * u.x[j];
          a[2 * arm + p + j] += h * p0 * (1 - p0) * u.x[j];
        }
        a[2 * arm + 2 * p] += h * p1;
        a[2 * arm + 2 * p + 1] += h * p0;
        a[2 * arm + 2 * p + 2] += h;
      }
    });
    Supplier<double[]> steps = logisticReplicateSteps(pass1, boot, p, beta1, beta0);
    pass1.run(s);
    double[] m = sums.get();
    double sumH = m[2 * arm + 2 * p + 2];
    double mu1 = m[2 * arm + 2 * p] / sumH;
    double mu0 = m[2 * arm + 2 * p + 1] / sumH;
    double[] g1 = vector(m, 2 * arm, p);
    double[] g0 = vector(m, 2 * arm + p, p);
    for (int j = 0; j < p; j++) {
      g1[j] /= sumH;
      g0[j] /= sumH;
    }
    // d mu_a / d beta_a = g_a; the coefficients' influence is I_a^-1 x (y - p_a): combined, a_a = I_a^-1 g_a.
    double[] a1 = solve(matrix(m, 0, p), g1);
    double[] a0 = solve(matrix(m, arm, p), g0);
    // Pass 2: the influence-function variance and the replicates' risks.
    FusedPass pass2 = new FusedPass();
    Supplier<double[]> variance = pass2.sum(3, (u, a) -> {
      double p1 = CausalMath.expit(dot(beta1, u.x));
      double p0 = CausalMath.expit(dot(beta0, u.x));
      double phi1 = 0;
      double phi0 = 0;
      if (u.observed()) {
        if (u.t > 0) {
          phi1 += dot(a1, u.x) * (u.y - p1);
        } else {
          phi0 += dot(a0, u.x) * (u.y - p0);
        }
      }
      double h = targetWeight(u, estimand);
      if (h != 0) {
        phi1 += h * (p1 - mu1) / sumH;
        phi0 += h * (p0 - mu0) / sumH;
      }
      a[0] += phi1 * phi1;
      a[1] += phi0 * phi0;
      a[2] += phi1 * phi0;
    });
    Supplier<double[][]> replicates = logisticReplicateMeans(pass2, estimand, boot, p, beta1, beta0, steps);
    pass2.run(s);
    double[] v = variance.get();
    double[][] reps = replicates.get();
    long n1 = (long) m[2 * arm + 2 * p + 3];
    long n0 = (long) m[2 * arm + 2 * p + 4];
    return new ArmMeans(mu1, mu0, v[0], v[1], v[2], n1, n0, Double.NaN, Double.NaN, reps[0], reps[1], "sandwich",
        "logistic outcome model per arm (standardized risks)" + (estimand == Estimand.ATO ? "; overlap target weights treated as fixed in the SE" : ""));
  }

  /** Logistic regression of the observed outcomes of one arm on the design row (intercept first). */
  static double[] armLogistic(UnitSource s, int p, int arm, double tol) {
    LogisticIrls.Result r = LogisticIrls.fit(s, p, u -> u.x, u -> u.observed() && (u.t > 0 ? 1 : 0) == arm ? u.y : Double.NaN,
        tol, PropensityModel.NEWTON_STEPS, 0);
    if (!r.converged()) {
      // Separation (an arm whose outcome a covariate predicts perfectly): a small ridge penalty keeps the risks inside (0, 1).
      r = LogisticIrls.fit(s, p, u -> u.x, u -> u.observed() && (u.t > 0 ? 1 : 0) == arm ? u.y : Double.NaN, tol, PropensityModel.NEWTON_STEPS, 1.0);
    }
    return r.beta();
  }

  /** Logistic predictions per arm for AIPW on a binary outcome (one fit per arm on every observed outcome, as {@link #fitLinear}). */
  public static UnitSource fitLogistic(UnitSource units, double tol) {
    return logisticFit(units, tol).apply(units);
  }

  /** The per-arm logistic outcome models of {@link #fitLogistic}. */
  public static OutcomeFit logisticFit(UnitSource units, double tol) {
    int p = firstDesignLength(units);
    return new OutcomeFit(true, new double[][][] {{armLogistic(units, p, 1, tol), armLogistic(units, p, 0, tol)}});
  }

  /**
   * Per-arm outcome models on the design row: {@code betas[fold][0]} for the treated arm and
   * {@code [fold][1]} for the comparator arm, one fold when not cross-fitted (every unit uses it), else a
   * unit of fold k is predicted by the fit without fold k. Logistic ({@code logit}) or linear.
   */
  public record OutcomeFit(boolean logit, double[][][] betas) implements java.io.Serializable {
    /** A unit's prediction under arm 1 ({@code treated}) or arm 0 from the model that did not see it. */
    public double predict(AnalysisUnit u, boolean treated) {
      double eta = dot(betas[betas.length == 1 ? 0 : u.fold][treated ? 0 : 1], u.x);
      return logit ? CausalMath.expit(eta) : eta;
    }

    /** The units with {@code m1}, {@code m0} set to their predictions. */
    public UnitSource apply(UnitSource units) {
      return units.map(u -> {
        u.m1 = predict(u, true);
        u.m0 = predict(u, false);
        return u;
      });
    }
  }

  /**
   * Bootstrap of the logistic g-computation, first half: every replicate's one Newton step from the
   * full-sample fits needs per-replicate scores and information, registered in {@code pass} (null
   * without replicates). {@link #logisticReplicateMeans} then averages the stepped models' risks.
   */
  static Supplier<double[]> logisticReplicateSteps(FusedPass pass, Bootstrap boot, int p, double[] beta1, double[] beta0) {
    int b = boot.replicates();
    if (b == 0) {
      return null;
    }
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    int stride = p + p * p;
    return pass.sum(2 * b * stride, (u, a) -> {
      if (!u.observed()) {
        return;
      }
      double pa = CausalMath.expit(dot(u.t > 0 ? beta1 : beta0, u.x));
      double w = pa * (1 - pa);
      int armOffset = (u.t > 0 ? 0 : b) * stride;
      for (int r = 0; r < b; r++) {
        int v = poisson.of(u.key, r);
        if (v == 0) {
          continue;
        }
        int o = armOffset + r * stride;
        for (int i = 0; i < p; i++) {
          a[o + i] += v * u.x[i] * (u.y - pa);
          double vwx = v * w * u.x[i];
          for (int j = 0; j < p; j++) {
            a[o + p + i * p + j] += vwx * u.x[j];
          }
        }
      }
    });
  }

  /** Bootstrap of the logistic g-computation, second half: the replicates' standardized risks from the stepped models, registered in {@code pass}. */
  static Supplier<double[][]> logisticReplicateMeans(FusedPass pass, Estimand estimand, Bootstrap boot, int p, double[] beta1, double[] beta0,
      Supplier<double[]> steps) {
    int b = boot.replicates();
    if (b == 0) {
      return NO_REPLICATES;
    }
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    int stride = p + p * p;
    double[] newton = steps.get();
    double[][] b1 = new double[b][];
    double[][] b0 = new double[b][];
    for (int r = 0; r < b; r++) {
      double[] step1 = solve(matrix(newton, r * stride + p, p), vector(newton, r * stride, p));
      double[] step0 = solve(matrix(newton, (b + r) * stride + p, p), vector(newton, (b + r) * stride, p));
      b1[r] = new double[p];
      b0[r] = new double[p];
      for (int j = 0; j < p; j++) {
        b1[r][j] = beta1[j] + step1[j];
        b0[r][j] = beta0[j] + step0[j];
      }
    }
    Supplier<double[]> sums = pass.sum(3 * b, (u, a) -> {
      double h = targetWeight(u, estimand);
      if (h == 0) {
        return;
      }
      for (int r = 0; r < b; r++) {
        int v = poisson.of(u.key, r);
        if (v == 0) {
          continue;
        }
        a[3 * r] += v * h * CausalMath.expit(dot(b1[r], u.x));
        a[3 * r + 1] += v * h * CausalMath.expit(dot(b0[r], u.x));
        a[3 * r + 2] += v * h;
      }
    });
    return () -> {
      double[] m = sums.get();
      double[] r1 = new double[b];
      double[] r0 = new double[b];
      for (int r = 0; r < b; r++) {
        r1[r] = m[3 * r] / m[3 * r + 2];
        r0[r] = m[3 * r + 1] / m[3 * r + 2];
      }
      return new double[][] {r1, r0};
    };
  }

  /** Bootstrap of the linear g-computation: every replicate's normal equations and target means, registered in {@code pass}. */
  static Supplier<double[][]> bootstrapGComputation(FusedPass pass, Estimand estimand, Bootstrap boot, int p) {
    int b = boot.replicates();
    if (b == 0) {
      return NO_REPLICATES;
    }
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    int arm = p * p + p;
    int stride = 2 * arm + p + 1;
    Supplier<double[]> sums = pass.sum(b * stride, (u, a) -> {
      double h = targetWeight(u, estimand);
      boolean obs = u.observed();
      if (!obs && h == 0) {
        return;
      }
      for (int r = 0; r < b; r++) {
        int v = poisson.of(u.key, r);
        if (v == 0) {
          continue;
        }
        int o = r * stride;
        if (obs) {
          addCrossProducts(a, o + (u.t > 0 ? 0 : arm), u.x, u.y, v);
        }
        if (h != 0) {
          for (int j = 0; j < p; j++) {
            a[o + 2 * arm + j] += v * h * u.x[j];
          }
          a[o + 2 * arm + p] += v * h;
        }
      }
    });
    return () -> gComputationReplicates(sums.get(), b, p);
  }

  private static double[][] gComputationReplicates(double[] m, int b, int p) {
    int arm = p * p + p;
    int stride = 2 * arm + p + 1;
    double[] r1 = new double[b];
    double[] r0 = new double[b];
    for (int r = 0; r < b; r++) {
      int o = r * stride;
      double[] beta1 = solve(matrix(m, o, p), vector(m, o + p * p, p));
      double[] beta0 = solve(matrix(m, o + arm, p), vector(m, o + arm + p * p, p));
      double[] xbar = vector(m, o + 2 * arm, p);
      double sumH = m[o + 2 * arm + p];
      r1[r] = dot(beta1, xbar) / sumH;
      r0[r] = dot(beta0, xbar) / sumH;
    }
    return new double[][] {r1, r0};
  }

  private static int firstDesignLength(UnitSource s) {
    double[] len = s.max(1, (u, a) -> a[0] = Math.max(a[0], u.x.length));
    return (int) len[0];
  }

  // ---------------------------------------------------------------- doubly robust

  /**
   * Augmented IPW with cross-fitted outcome predictions m1, m0 (Robins, Rotnitzky & Zhao 1994;
   * Chernozhukov et al. 2018). ATE: mean of m1 + omega t (y - m1)/e and m0 + omega (1-t)(y - m0)/(1-e).
   * ATT (Moodie et al. 2018): mu1 = sum t (m1 + omega (y - m1)) / n1,
   * mu0 = sum [t m0 + (1-t) omega e/(1-e) (y - m0)] / n1. Variance: empirical variance of the influence
   * function (nuisance estimation is first-order negligible for a doubly robust score with cross-fitting).
   */
  public static ArmMeans aipw(UnitSource s, Estimand estimand, Bootstrap boot) {
    return aipw(s, estimand, boot, true);
  }

  /** As {@link #aipw(UnitSource, Estimand, Bootstrap)}; {@code crossFitted} says how the predictions were made (for the note). */
  public static ArmMeans aipw(UnitSource s, Estimand estimand, Bootstrap boot, boolean crossFitted) {
    return aipw(s, estimand, boot, 0, crossFitted).get(0);
  }

  /**
   * AIPW of every cross-fitting repetition ({@link FlexibleLearner}) in one pass: estimate r uses the
   * predictions {@code u.m1Repeats[r]}, {@code u.m0Repeats[r]}, each with its own bootstrap replicates
   * (one Poisson weight per unit and replicate serves all repetitions). Estimate r is bit for bit what
   * {@link #aipw(UnitSource, Estimand, Bootstrap)} gives with {@code m1}, {@code m0} set to repetition r's.
   */
  public static List<ArmMeans> aipwRepetitions(UnitSource s, Estimand estimand, Bootstrap boot, int repeats) {
    if (repeats < 1) {
      throw new IllegalArgumentException("at least one cross-fitting repetition is needed, got " + repeats);
    }
    return aipw(s, estimand, boot, repeats, true);
  }

  /** {@code repeats} 0: one estimate from {@code m1}, {@code m0}; otherwise one per repetition. */
  private static List<ArmMeans> aipw(UnitSource s, Estimand estimand, Bootstrap boot, int repeats, boolean crossFitted) {
    if (estimand == Estimand.ATO) {
      throw new IllegalArgumentException("AIPW is implemented for ATE and ATT");
    }
    int estimates = Math.max(1, repeats);
    // One pass: every estimate's sums and every bootstrap replicate's.
    FusedPass pass = new FusedPass();
    List<Supplier<double[]>> estimateSums = new ArrayList<>();
    for (int rep = 0; rep < estimates; rep++) {
      int r = rep;
      estimateSums.add(pass.sum(10, (u, a) -> {
        double[] q = repeats == 0 ? aipwTerms(u, estimand) : aipwTerms(u, estimand, u.m1Repeats[r], u.m0Repeats[r]);
        if (q == null) {
          return;
        }
        a[0] += q[0];
        a[1] += q[1];
        a[2] += q[0] * q[0];
        a[3] += q[1] * q[1];
        a[4] += q[0] * q[1];
        a[5] += q[2] * q[0];
        a[6] += q[2] * q[1];
        a[7] += q[2];
        if (u.observed()) {
          a[u.t > 0 ? 8 : 9] += 1;
        }
      }));
    }
    int b = boot.replicates();
    CausalMath.PoissonWeights poisson = CausalMath.poissonWeights(boot.seed(), b);
    // Estimate e's replicate r at 3 (e b + r): each estimate's block is laid out as a lone estimate's.
    Supplier<double[]> replicateSums = b == 0 ? null : pass.sum(3 * b * estimates, (u, a) -> {
      if (u.subset == 0) {
        return;
      }
      double[][] q = new double[estimates][];
      for (int e = 0; e < estimates; e++) {
        q[e] = repeats == 0 ? aipwTerms(u, estimand) : aipwTerms(u, estimand, u.m1Repeats[e], u.m0Repeats[e]);
      }
      for (int r = 0; r < b; r++) {
        int v = poisson.of(u.key, r);
        if (v > 0) {
          for (int e = 0; e < estimates; e++) {
            int o = 3 * (e * b + r);
            a[o] += v * q[e][0];
            a[o + 1] += v * q[e][1];
            a[o + 2] += v * q[e][2];
          }
        }
      }
    });
    pass.run(s);
    List<ArmMeans> out = new ArrayList<>();
    for (int e = 0; e < estimates; e++) {
      double[] m = estimateSums.get(e).get();
      double d = m[7];
      double mu1 = m[0] / d;
      double mu0 = m[1] / d;
      double v1 = (m[2] - 2 * mu1 * m[5] + mu1 * mu1 * d) / (d * d);
      double v0 = (m[3] - 2 * mu0 * m[6] + mu0 * mu0 * d) / (d * d);
      double c = (m[4] - mu0 * m[5] - mu1 * m[6] + mu1 * mu0 * d) / (d * d);
      double[] r1 = new double[b];
      double[] r0 = new double[b];
      if (b > 0) {
        double[] sums = replicateSums.get();
        for (int r = 0; r < b; r++) {
          int o = 3 * (e * b + r);
          r1[r] = sums[o] / sums[o + 2];
          r0[r] = sums[o + 1] / sums[o + 2];
        }
      }
      out.add(new ArmMeans(mu1, mu0, v1, v0, c, (long) m[8], (long) m[9], Double.NaN, Double.NaN, r1, r0, "sandwich",
          (crossFitted ? "outcome models cross-fitted" : "outcome models fitted on all observed outcomes (not cross-fitted)")
              + "; bootstrap holds the nuisance predictions fixed"));
    }
    return out;
  }

  /**
   * Repeated cross-fitting (Chernozhukov et al. 2018, sec. 3.4): the repetition whose effect
   * (mu1 - mu0) is the median of the repetitions' effects (an odd number of them), with its variances
   * scaled so that the effect's variance is the median-adjusted one, median over s of
   * var_s + (effect_s - median)^2. Its bootstrap replicates are kept (or replaced by {@code boot1/boot0} when given).
   * Returns the index of the median repetition too.
   */
  public record MedianRepetition(int index, ArmMeans means) {}

  public static MedianRepetition medianOfRepetitions(List<ArmMeans> reps) {
    int n = reps.size();
    if (n % 2 == 0) {
      throw new IllegalArgumentException("an odd number of repetitions is needed, got " + n);
    }
    Integer[] order = java.util.stream.IntStream.range(0, n).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> reps.get(i).mu1() - reps.get(i).mu0()));
    int mid = order[n / 2];
    ArmMeans m = reps.get(mid);
    double median = m.mu1() - m.mu0();
    double[] adjusted = new double[n];
    for (int i = 0; i < n; i++) {
      ArmMeans r = reps.get(i);
      double d = r.mu1() - r.mu0() - median;
      adjusted[i] = r.var1() + r.var0() - 2 * r.cov10() + d * d;
    }
    java.util.Arrays.sort(adjusted);
    double own = m.var1() + m.var0() - 2 * m.cov10();
    double scale = own > 0 ? adjusted[n / 2] / own : 1;
    return new MedianRepetition(mid, new ArmMeans(m.mu1(), m.mu0(), scale * m.var1(), scale * m.var0(), scale * m.cov10(), m.n1(), m.n0(),
        m.ess1(), m.ess0(), m.boot1(), m.boot0(), m.seMethod(), m.note()));
  }

  /**
   * Arm-specific least-squares predictions from one fit per arm on every observed outcome (not
   * cross-fitted): a parametric outcome model needs no sample splitting, and the estimate then does not
   * depend on a random fold split (the plain AIPW of R and statsmodels).
   */
  public static UnitSource fitLinear(UnitSource units) {
    return linearFit(units, 1).apply(units);
  }

  /** Cross-fitted arm-specific least-squares predictions: fold k's rows are predicted from the other folds' fit. */
  public static UnitSource crossFitLinear(UnitSource units, int folds) {
    return linearFit(units, folds).apply(units);
  }

  /**
   * Arm-specific least-squares fits in one pass: with {@code folds} = 1 one fit per arm on every observed
   * outcome ({@link #fitLinear}), else per fold k the fit on the other folds ({@link #crossFitLinear}).
   */
  public static OutcomeFit linearFit(UnitSource units, int folds) {
    double[] pLen = units.max(1, (u, a) -> a[0] = Math.max(a[0], u.x.length));
    int p = (int) pLen[0];
    int block = p * p + p;
    int parts = folds == 1 ? 1 : folds;
    double[] s = units.sum(parts * 2 * block, (u, a) -> {
      if (u.observed()) {
        CausalMath.addCrossProducts(a, ((parts == 1 ? 0 : u.fold) * 2 + (u.t > 0 ? 0 : 1)) * block, u.x, u.y, 1);
      }
    });
    double[][][] betas = new double[parts][2][];
    for (int k = 0; k < parts; k++) {
      for (int arm = 0; arm < 2; arm++) {
        double[] total = new double[block];
        for (int j = 0; j < parts; j++) {
          if (parts == 1 || j != k) {
            int o = (j * 2 + arm) * block;
            for (int i = 0; i < block; i++) {
              total[i] += s[o + i];
            }
          }
        }
        betas[k][arm] = CausalMath.solve(CausalMath.matrix(total, 0, p), CausalMath.vector(total, p * p, p));
      }
    }
    return new OutcomeFit(false, betas);
  }

  /** The AIPW terms (q1, q0, g) of one unit, g the target-population indicator; null outside the subset. */
  static double[] aipwTerms(AnalysisUnit u, Estimand estimand) {
    return aipwTerms(u, estimand, u.m1, u.m0);
  }

  /** As {@link #aipwTerms(AnalysisUnit, Estimand)} with the outcome predictions m1, m0 given. */
  static double[] aipwTerms(AnalysisUnit u, Estimand estimand, double m1, double m0) {
    if (u.subset == 0) {
      return null;
    }
    boolean obs = u.observed();
    double r1 = obs && u.t > 0 ? u.omega * (u.y - m1) : 0;
    double r0 = obs && u.t == 0 ? u.omega * (u.y - m0) : 0;
    if (estimand == Estimand.ATE) {
      return new double[] {m1 + r1 / u.ew, m0 + r0 / (1 - u.ew), 1};
    }
    return new double[] {u.t * (m1 + r1), u.t * m0 + r0 * u.ew / (1 - u.ew), u.t};
  }

  /** The doubly robust pseudo-outcome of the unit-level effect (DR-learner, Kennedy 2023), for ATE scores. */
  public static double pseudoOutcome(AnalysisUnit u) {
    double[] q = aipwTerms(u, Estimand.ATE);
    return q == null ? Double.NaN : q[0] - q[1];
  }

  /** Fitted probability from logistic coefficients (intercept first) and a design row. */
  public static double propensity(double[] beta, double[] x) {
    return expit(dot(beta, x));
  }
}
