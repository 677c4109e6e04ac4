package org.gaitoutcomes.compare;

import java.io.Serializable;

/**
 * Logistic maximum likelihood by iteratively reweighted least squares (Newton-Raphson, as R's glm)
 * on sums over a {@link UnitSource}: one pass per iteration, each returning the information
 * {@code sum e(1-e) x x'}, the score {@code sum x (y - e)} and the range of the fitted probabilities.
 * With a positive ridge penalty {@code lambda} the coefficients other than the intercept are shrunk
 * ({@code lambda ||beta||^2 / 2} subtracted from the log-likelihood), the fallback for separated data.
 */
public final class LogisticIrls {
  private LogisticIrls() {}

  /** The design row of a unit for this model (intercept first). */
  @FunctionalInterface
  public interface Design extends Serializable {
    double[] row(AnalysisUnit u);
  }

  /** The 0/1 response of a unit for this model; NaN leaves the unit out. */
  @FunctionalInterface
  public interface Response extends Serializable {
    double of(AnalysisUnit u);
  }

  /**
   * A fit: coefficients, the information matrix at the last evaluated coefficients (penalty included),
   * fitted-probability range, and whether the Newton steps converged.
   */
  public record Result(double[] beta, double[][] information, double minFitted, double maxFitted, boolean converged, int iterations) {}

  /** Information, score and fitted-probability range at {@code beta}: one pass. */
  public record Pass(double[][] information, double[] score, double minFitted, double maxFitted) {}

  /** Fits from zero, at most {@code maxSteps} Newton steps, until no coefficient moves by more than {@code tol}. */
  public static Result fit(UnitSource s, int p, Design design, Response response, double tol, int maxSteps, double lambda) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
    }
    double[] beta = new double[p];
    for (int step = 1; ; step++) {
      Pass at = pass(s, p, design, response, beta);
      double[][] h = at.information();
      double[] g = at.score();
      for (int j = 1; j < p; j++) {
        h[j][j] += lambda;
        g[j] -= lambda * beta[j];
      }
      double[] move = CausalMath.solve(h, g);
      double largest = 0;
      for (int j = 0; j < p; j++) {
        beta[j] += move[j];
        largest = Math.max(largest, Math.abs(move[j]));
      }
      if (largest < tol || step == maxSteps || Double.isNaN(largest)) {
        return new Result(beta, h, at.minFitted(), at.maxFitted(), largest < tol, step);
      }
    }
  }

  /** One pass at fixed coefficients. */
  public static Pass pass(UnitSource s, int p, Design design, Response response, double[] beta) {
    double[] b = beta.clone();
    int lo = p * p + p;
    double[] zero = new double[lo + 2];
    zero[lo] = Double.POSITIVE_INFINITY;
    zero[lo + 1] = Double.NEGATIVE_INFINITY;
    double[] acc = s.aggregate(zero, (u, a) -> {
      double y = response.of(u);
      if (Double.isNaN(y)) {
        return;
      }
      double[] x = design.row(u);
      double e = CausalMath.expit(CausalMath.dot(b, x));
      double w = e * (1 - e);
      double r = y - e;
      for (int i = 0; i < p; i++) {
        double wxi = w * x[i];
        int row = i * p;
        for (int j = 0; j < p; j++) {
          a[row + j] += wxi * x[j];
        }
        a[p * p + i] += r * x[i];
      }
      a[lo] = Math.min(a[lo], e);
      a[lo + 1] = Math.max(a[lo + 1], e);
    }, (a, o) -> {
      for (int i = 0; i < lo; i++) {
        a[i] += o[i];
      }
      a[lo] = Math.min(a[lo], o[lo]);
      a[lo + 1] = Math.max(a[lo + 1], o[lo + 1]);
    });
    return new Pass(CausalMath.matrix(acc, 0, p), CausalMath.vector(acc, p * p, p), acc[lo], acc[lo + 1]);
  }
}
