package org.gaitoutcomes.compare;

/**
 * What every estimator returns: the (adjusted) mean outcome in each arm for the target population,
 * their sampling covariance (from influence functions), bootstrap replicates of both means, and the
 * counts and effective sample sizes behind them. Effect scales are derived from it in {@link EffectScales}.
 *
 * @param var1 variance of mu1; {@code var0} of mu0; {@code cov10} their covariance (NaN when no analytic SE)
 * @param boot1 bootstrap replicates of mu1 (empty when no bootstrap)
 */
public record ArmMeans(double mu1, double mu0, double var1, double var0, double cov10, long n1, long n0,
    double ess1, double ess0, double[] boot1, double[] boot0, String seMethod, String note) {

  public ArmMeans withNote(String extra) {
    String n = note == null || note.isBlank() ? extra : note + "; " + extra;
    return new ArmMeans(mu1, mu0, var1, var0, cov10, n1, n0, ess1, ess0, boot1, boot0, seMethod, n);
  }
}
