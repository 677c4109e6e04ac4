package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.gaitoutcomes.config.Settings;

/**
 * Which flexible outcome learner serves aipw_flexible best, judged on known truth: replicate cohorts
 * from a confounded simulation with a nonlinear outcome (true ATE 1), the AIPW ATE with each learner's
 * cross-fitted predictions, and per learner the bias, RMSE, mean SE against the empirical SD, 95%
 * coverage and fit seconds. Learners: a linear model per arm (the reference), our forest
 * ({@link HistogramForest}, the default; {@code random_forest:N} grows each forest on at most about N
 * rows, 0 on every row), XGBoost ({@link XgboostLearner}, in memory).
 * The command is {@code bin/gait-outcomes bench-learners}; bench/README.md keeps the measured table.
 */
public final class LearnerEvaluation {
  private LearnerEvaluation() {}

  /** One learner at one size over the replicates. */
  public record Row(String learner, int n, int replicates, double bias, double rmse, double meanSe, double empiricalSd, double coverage,
      double secondsPerFit) {}

  /** The true ATE of {@link #simulate}: E[1 + 0.5 x1] with x1 ~ N(0, 1). */
  static final double TRUE_ATE = 1.0;

  /**
   * n units: x1..x5 standard normal, x6 ~ Bernoulli(0.5); P(T = 1) = expit(-0.3 + 0.8 x1 - 0.5 x2 + 0.4 x6 + 0.5 sin(x3)); y = 1 + x1
   * + 2 sin(2 x2) + x3^2 + 0.5 x4 x5 + T (1 + 0.5 x1) + N(0, 1). Folds by key, as compare's are.
   */
  static List<AnalysisUnit> simulate(int n, long seed, int folds) {
    Random r = new Random(seed);
    List<AnalysisUnit> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[7];
      x[0] = 1;
      for (int j = 1; j <= 5; j++) {
        x[j] = r.nextGaussian();
      }
      x[6] = r.nextDouble() < 0.5 ? 1 : 0;
      double ps = CausalMath.expit(-0.3 + 0.8 * x[1] - 0.5 * x[2] + 0.4 * x[6] + 0.5 * Math.sin(x[3]));
      double t = r.nextDouble() < ps ? 1 : 0;
      double y = 1 + x[1] + 2 * Math.sin(2 * x[2]) + x[3] * x[3] + 0.5 * x[4] * x[5] + t * (1 + 0.5 * x[1]) + r.nextGaussian();
      AnalysisUnit u = new AnalysisUnit(i, t, x, y);
      u.fold = (int) Math.floorMod(org.apache.spark.sql.catalyst.expressions.XXH64.hashLong(i, seed), (long) folds);
      units.add(u);
    }
    return units;
  }

  /** Every learner at every size, {@code replicates} cohorts each (the same cohorts for every learner). */
  public static List<Row> run(List<Integer> sizes, int replicates, List<String> learners, long seed) {
    CompareSpec spec = CompareSpec.from(Settings.load(new org.apache.hadoop.conf.Configuration(), null, Map.of("gait.study.aipw.repeats", 1)));
    List<Row> rows = new ArrayList<>();
    for (int n : sizes) {
      for (String learner : learners) {
        double[] est = new double[replicates];
        double[] se = new double[replicates];
        double seconds = 0;
        int covered = 0;
        for (int r = 0; r < replicates; r++) {
          List<AnalysisUnit> units = simulate(n, seed + 1000L * r + n, spec.folds());
          UnitSource source = UnitSource.of(units);
          LogisticIrls.Result ps = LogisticIrls.fit(source, 7, u -> u.x, u -> u.t, spec.tol(), PropensityModel.NEWTON_STEPS, 0);
          for (AnalysisUnit u : units) {
            u.e = Estimators.propensity(ps.beta(), u.x);
            u.ew = u.e;
          }
          long start = System.nanoTime();
          UnitSource fitted = switch (learner.replaceFirst(":.*", "")) {
            case "linear" -> Estimators.linearFit(UnitSource.of(units), 1).apply(UnitSource.of(units));
            case "random_forest" -> FlexibleLearner.crossFitForests(UnitSource.of(units), forestSpec(spec, learner)).units();
            case "xgboost" -> UnitSource.of(XgboostLearner.crossFit(units, spec.folds(), 200, 4, 0.05, seed));
            default -> throw new IllegalArgumentException("unknown learner " + learner + " (linear, random_forest, xgboost)");
          };
          ArmMeans a = Estimators.aipw(fitted, Estimand.ATE, new Estimators.Bootstrap(0, 0), !learner.equals("linear"));
          seconds += (System.nanoTime() - start) / 1e9;
          est[r] = a.mu1() - a.mu0();
          se[r] = Math.sqrt(a.var1() + a.var0() - 2 * a.cov10());
          if (Math.abs(est[r] - TRUE_ATE) <= CausalMath.Z975 * se[r]) {
            covered++;
          }
        }
        double mean = java.util.Arrays.stream(est).average().orElse(Double.NaN);
        double mse = java.util.Arrays.stream(est).map(e -> (e - TRUE_ATE) * (e - TRUE_ATE)).average().orElse(Double.NaN);
        rows.add(new Row(learner, n, replicates, mean - TRUE_ATE, Math.sqrt(mse), java.util.Arrays.stream(se).average().orElse(Double.NaN),
            CausalMath.standardDeviation(est), (double) covered / replicates, seconds / replicates));
      }
    }
    return rows;
  }

  /** The spec of {@code random_forest} (the configured rows per forest) or {@code random_forest:N} (N rows per forest, 0: every row). */
  static CompareSpec forestSpec(CompareSpec spec, String learner) {
    if (!learner.contains(":")) {
      return spec;
    }
    long rowsPerForest = Long.parseLong(learner.substring(learner.indexOf(':') + 1));
    return CompareSpec.from(Settings.load(new org.apache.hadoop.conf.Configuration(), null,
        Map.of("gait.study.aipw.repeats", spec.crossFitRepeats(), "gait.study.aipw.rows-per-forest", rowsPerForest)));
  }

  /** The rows as an aligned text table. */
  public static String text(List<Row> rows) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-20s %7s %5s %9s %8s %8s %8s %9s %9s%n",
        "learner", "n", "reps", "bias", "rmse", "mean SE", "emp SD", "coverage", "s/fit"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-20s %7d %5d %9.4f %8.4f %8.4f %8.4f %9.3f %9.3f%n", r.learner(), r.n(), r.replicates(), r.bias(),
          r.rmse(), r.meanSe(), r.empiricalSd(), r.coverage(), r.secondsPerFit()));
    }
    return sb.toString();
  }
}
