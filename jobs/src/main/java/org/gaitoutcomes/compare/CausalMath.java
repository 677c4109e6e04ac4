package org.gaitoutcomes.compare;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/** Plain-Java formulas used by the estimators (no Spark), each unit-tested on hand-computed cases. */
public final class CausalMath {
  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
  /** 97.5% standard-normal quantile, for 95% Wald intervals. */
  public static final double Z975 = NORMAL.inverseCumulativeProbability(0.975);

  private CausalMath() {}

  public static double expit(double eta) {
    return eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  }

  public static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Two-sided p-value of a Wald z statistic. */
  public static double twoSidedP(double estimate, double se) {
    if (!(se > 0) || Double.isNaN(estimate)) {
      return Double.NaN;
    }
    return 2 * NORMAL.cumulativeProbability(-Math.abs(estimate / se));
  }

  /** Upper-tail chi-square probability. */
  public static double chiSquareP(double statistic, int df) {
    return df < 1 || Double.isNaN(statistic) ? Double.NaN : 1 - new ChiSquaredDistribution(null, df).cumulativeProbability(statistic);
  }

  /** Kish effective sample size (sum w)^2 / sum w^2 (DOMAIN.md, OHDSI). */
  public static double effectiveSampleSize(double sumW, double sumW2) {
    return sumW2 > 0 ? sumW * sumW / sumW2 : 0;
  }

  /** SMD (mean_T - mean_C) / sqrt((sd_T^2 + sd_C^2) / 2), with the unadjusted variances in the denominator (Austin 2009). */
  public static double standardizedMeanDifference(double meanT, double meanC, double varTUnadjusted, double varCUnadjusted) {
    double denom = Math.sqrt((varTUnadjusted + varCUnadjusted) / 2);
    if (denom > 0) {
      return (meanT - meanC) / denom;
    }
    return meanT == meanC ? 0 : Double.NaN;
  }

  /** Weighted variance sum w (x - mean)^2 / sum w from the sums of w, w x and w x^2 (the 'population' form used by cobalt for SMDs). */
  public static double weightedVariance(double sumW, double sumWx, double sumWx2) {
    if (!(sumW > 0)) {
      return Double.NaN;
    }
    double mean = sumWx / sumW;
    return Math.max(0, sumWx2 / sumW - mean * mean);
  }

  /** E-value for a risk ratio (VanderWeele & Ding 2017): RR + sqrt(RR (RR - 1)) after taking RR >= 1. */
  public static double eValue(double riskRatio) {
    if (!(riskRatio > 0)) {
      return Double.NaN;
    }
    double rr = riskRatio < 1 ? 1 / riskRatio : riskRatio;
    return rr + Math.sqrt(rr * (rr - 1));
  }

  /** E-value of the confidence limit closest to the null; 1 when the interval covers the null (VanderWeele & Ding 2017). */
  public static double eValueOfInterval(double rrLow, double rrHigh) {
    if (rrLow <= 1 && rrHigh >= 1) {
      return 1;
    }
    return eValue(rrLow > 1 ? rrLow : rrHigh);
  }

  /** Approximate risk ratio of a standardized mean difference d, RR ~ exp(0.91 d) (VanderWeele & Ding 2017, from Hasselblad & Hedges 1995). */
  public static double riskRatioFromStandardizedDifference(double d) {
    return Math.exp(0.91 * d);
  }

  /** The Poisson(1) CDF at 0..20, accumulated term by term (p_k = p_(k-1) / k) as inverse-CDF sampling compares against it. */
  private static final double[] POISSON_ONE_CDF = new double[21];

  static {
    double p = Math.exp(-1);
    double cdf = p;
    POISSON_ONE_CDF[0] = cdf;
    for (int k = 1; k <= 20; k++) {
      p /= k;
      cdf += p;
      POISSON_ONE_CDF[k] = cdf;
    }
  }

  /** The Poisson(1) count whose CDF first exceeds u in [0,1) (at most 20): inverse-CDF sampling. */
  public static int poissonOne(double u) {
    int k = 0;
    while (k < 20 && u >= POISSON_ONE_CDF[k]) {
      k++;
    }
    return k;
  }

  /** SplitMix64 finaliser: a well-mixed 64-bit hash of a 64-bit value. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A uniform number in [0,1) determined only by (key, stream, seed): same draw whatever the partitioning. */
  public static double uniform(long key, long stream, long seed) {
    long h = mix64(key ^ mix64(stream * 0x9e3779b97f4a7c15L + mix64(seed)));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** Poisson(1) bootstrap weight of one row in one replicate (Hanley & MacGibbon 2006; Chamandy et al. 2012). */
  public static int poissonWeight(long key, int replicate, long seed) {
    return poissonOne(uniform(key, 1_000_003L + replicate, seed));
  }

  /**
   * The Poisson bootstrap weights of {@code replicates} replicates for one seed, equal to
   * {@link #poissonWeight}: the part of the hash that does not depend on the row is computed once per
   * replicate, so a row's weight costs one hash instead of three (the bootstrap sums draw one per row
   * and replicate in every pass).
   */
  public static PoissonWeights poissonWeights(long seed, int replicates) {
    long[] streams = new long[replicates];
    for (int r = 0; r < replicates; r++) {
      streams[r] = mix64((1_000_003L + r) * 0x9e3779b97f4a7c15L + mix64(seed));
    }
    return new PoissonWeights(streams);
  }

  /** See {@link #poissonWeights}. */
  public record PoissonWeights(long[] streams) implements java.io.Serializable {
    /** The weight of the row with this key in replicate r. */
    public int of(long key, int replicate) {
      return poissonOne((mix64(key ^ streams[replicate]) >>> 11) * 0x1.0p-53);
    }
  }

  /** Solves A x = b (A square) by Gaussian elimination with partial pivoting; a tiny ridge is added when A is singular. */
  public static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    double scale = 0;
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, m[i], 0, n);
      m[i][n] = b[i];
      scale = Math.max(scale, Math.abs(a[i][i]));
    }
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) {
          piv = r;
        }
      }
      double[] tmp = m[col];
      m[col] = m[piv];
      m[piv] = tmp;
      double tiny = 1e-12 * Math.max(scale, 1e-300);
      if (Math.abs(m[col][col]) <= tiny) {
        m[col][col] = m[col][col] >= 0 ? tiny : -tiny;
      }
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        if (f != 0) {
          for (int c = col; c <= n; c++) {
            m[r][c] -= f * m[col][c];
          }
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int c = r + 1; c < n; c++) {
        s -= m[r][c] * x[c];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }

  /** The inverse of a square matrix, column by column. */
  public static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] inv = new double[n][n];
    for (int j = 0; j < n; j++) {
      double[] e = new double[n];
      e[j] = 1;
      double[] col = solve(a, e);
      for (int i = 0; i < n; i++) {
        inv[i][j] = col[i];
      }
    }
    return inv;
  }

  /** Reads a p x p matrix stored row-major in {@code flat} from {@code offset}. */
  public static double[][] matrix(double[] flat, int offset, int p) {
    double[][] m = new double[p][p];
    for (int i = 0; i < p; i++) {
      System.arraycopy(flat, offset + i * p, m[i], 0, p);
    }
    return m;
  }

  public static double[] vector(double[] flat, int offset, int p) {
    double[] v = new double[p];
    System.arraycopy(flat, offset, v, 0, p);
    return v;
  }

  public static double[] times(double[][] m, double[] v) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = dot(m[i], v);
    }
    return out;
  }

  /** Adds w x x' (row-major, p x p) and w x y into {@code acc} at {@code offset}: the sufficient statistics of least squares. */
  public static void addCrossProducts(double[] acc, int offset, double[] x, double y, double w) {
    int p = x.length;
    for (int i = 0; i < p; i++) {
      double wxi = w * x[i];
      int row = offset + i * p;
      for (int j = 0; j < p; j++) {
        acc[row + j] += wxi * x[j];
      }
      acc[offset + p * p + i] += wxi * y;
    }
  }

  /** Pooled standard deviation of two groups from their sizes and sample variances: sqrt(((n1-1) s1^2 + (n0-1) s0^2) / (n1 + n0 - 2)). */
  public static double pooledSd(double n1, double var1, double n0, double var0) {
    return Math.sqrt(((n1 - 1) * var1 + (n0 - 1) * var0) / (n1 + n0 - 2));
  }

  /** Sample standard deviation of replicate values (bootstrap SE), ignoring non-finite replicates. */
  public static double standardDeviation(double[] values) {
    int n = 0;
    double mean = 0;
    double m2 = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        n++;
        double d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
      }
    }
    return n > 1 ? Math.sqrt(m2 / (n - 1)) : Double.NaN;
  }
}
