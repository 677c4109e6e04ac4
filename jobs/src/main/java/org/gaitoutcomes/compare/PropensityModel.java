package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.spark.Progress;

/**
 * The propensity score: a Pipeline of string indexing and one-hot encoding (reference level dropped),
 * vector assembly and a logistic model. By default plain maximum likelihood by Newton-Raphson on
 * summed information and score ({@link LogisticIrls}, one pass per step, as R's glm), so the
 * coefficients match glm; optionally ridge-penalized (MLlib, cross-validated strength). The fitted
 * coefficients are carried by an MLlib LogisticRegressionModel, so the pipeline saves and reloads.
 * Covariates that (nearly) determine treatment are detected and excluded, each named.
 */
public final class PropensityModel {
  public static final String FEATURES = "_features";

  /** A fitted propensity model. */
  public record Fit(PipelineModel pipeline, List<String> covariates, List<String> featureNames, double[] beta,
      double[][] informationInverse, double[] standardErrors, Map<String, String> excluded, List<String> warnings, Double regParam) {
    public Estimators.Propensity propensity() {
      return new Estimators.Propensity(beta, informationInverse);
    }
  }

  private PropensityModel() {}

  /** Fits the propensity model of column {@code label} on {@code covariates}, excluding separating covariates. */
  public static Fit fit(Dataset<Row> data, String label, List<String> covariates, List<String> categorical, CompareSpec spec) {
    return fit(data, label, covariates, categorical, spec, false);
  }

  /**
   * As {@link #fit(Dataset, String, List, List, CompareSpec)}; with {@code inMemory} the encoded rows
   * are held in the driver for the model's passes (analysis tables below the in-memory size).
   * Unpenalized fits are Newton-Raphson from zero (as R's glm), one pass per step; each round also
   * makes one pass for the separation checks.
   */
  public static Fit fit(Dataset<Row> data, String label, List<String> covariates, List<String> categorical, CompareSpec spec, boolean inMemory) {
    Map<String, String> excluded = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    List<String> kept = new ArrayList<>(covariates);
    for (int round = 0; round < 3; round++) {
      PipelineModel encoder = encoder(kept, categorical).fit(data);
      List<String> names = featureNames(encoder, kept, categorical);
      Dataset<Row> encoded = encoder.transform(data);
      // The rows' keys order the units in memory, so the fit's sums do not depend on the table's partitioning.
      Column key = java.util.Arrays.asList(data.columns()).contains(AnalysisTable.KEY) ? col(AnalysisTable.KEY) : lit(0L);
      JavaRDD<AnalysisUnit> rdd = encoded.select(col(FEATURES), col(label).cast("double"), key.cast("long")).javaRDD()
          .map(r -> new AnalysisUnit(r.getLong(2), r.getDouble(1), design((Vector) r.get(0)), Double.NaN));
      UnitSource units = inMemory ? UnitSource.of(rdd).inMemory() : UnitSource.of(rdd.persist(StorageLevel.MEMORY_AND_DISK()));
      try {
        FeatureStats stats = FeatureStats.of(units, names.size());
        Map<String, String> flagged = separatedByRange(stats, kept, names);
        if (!flagged.isEmpty()) {
          flagged.forEach((c, why) -> {
            excluded.put(c, why);
            Progress.warn("propensity: covariate " + c + " excluded: " + why);
          });
          kept.removeAll(flagged.keySet());
          if (kept.isEmpty()) {
            throw new org.gaitoutcomes.GaitException("every covariate separates the arms (" + excluded + "): no propensity model can be fitted");
          }
          continue;
        }
        int p = names.size() + 1;
        LogisticRegressionModel lr;
        double[] beta;
        double[][] info;
        double minE;
        double maxE;
        if (spec.penalized()) {
          lr = fitPenalized(encoded, label, spec);
          beta = withIntercept(lr.intercept(), lr.coefficients().toArray());
          LogisticIrls.Pass at = LogisticIrls.pass(units, p, u -> u.x, u -> u.t, beta);
          info = at.information();
          minE = at.minFitted();
          maxE = at.maxFitted();
        } else {
          LogisticIrls.Result r = LogisticIrls.fit(units, p, u -> u.x, u -> u.t, spec.tol(), NEWTON_STEPS, 0);
          beta = r.beta();
          info = r.information();
          minE = r.minFitted();
          maxE = r.maxFitted();
          lr = model(label, beta);
          if (!r.converged()) {
            warnings.add("propensity model: Newton-Raphson did not converge in " + NEWTON_STEPS + " steps (quasi-separation?)");
          }
        }
        double[][] inv = CausalMath.inverse(info);
        double[] se = new double[p];
        for (int j = 0; j < p; j++) {
          se[j] = Math.sqrt(Math.max(inv[j][j], 0));
        }
        double[] sd = stats.sd();
        Map<String, String> unstable = new LinkedHashMap<>();
        for (int j = 1; j < p; j++) {
          // A coefficient whose SE exceeds 10 logits per SD of its feature is not identified by the data.
          if (sd[j - 1] > 0 && se[j] * sd[j - 1] > 10) {
            unstable.put(covariateOf(names.get(j - 1), kept), String.format(java.util.Locale.ROOT,
                "coefficient %s has SE %.3g (x SD %.3g = %.1f logits): quasi-separation", names.get(j - 1), se[j], sd[j - 1], se[j] * sd[j - 1]));
          }
        }
        if (!unstable.isEmpty() && round < 2) {
          unstable.forEach((c, why) -> {
            excluded.put(c, why);
            Progress.warn("propensity: covariate " + c + " excluded: " + why);
          });
          kept.removeAll(unstable.keySet());
          continue;
        }
        if (minE < spec.extremePs() || maxE > 1 - spec.extremePs()) {
          warnings.add(String.format(java.util.Locale.ROOT, "fitted propensity scores reach %.3g..%.3g: near-deterministic treatment for some patients", minE, maxE));
        }
        PipelineModel full = new PipelineModel(java.util.UUID.randomUUID().toString(), appendStage(encoder, lr));
        return new Fit(full, List.copyOf(kept), names, beta, inv, se, excluded, warnings, spec.penalized() ? lr.getRegParam() : null);
      } finally {
        if (units instanceof UnitSource.RddSource) {
          rdd.unpersist(true);
        }
      }
    }
    throw new org.gaitoutcomes.GaitException("propensity model: separation persists after excluding " + excluded.keySet());
  }

  /** Newton-Raphson steps allowed for a maximum-likelihood logistic fit (glm's default is 25). */
  static final int NEWTON_STEPS = 50;

  /** An MLlib logistic model carrying the given coefficients (intercept first), for the saved pipeline and the design columns. */
  static LogisticRegressionModel model(String label, double[] beta) {
    LogisticRegression estimator = estimator(label, "_ps").setRegParam(0).setStandardization(false);
    double[] coef = java.util.Arrays.copyOfRange(beta, 1, beta.length);
    LogisticRegressionModel m = new LogisticRegressionModel(org.apache.spark.ml.util.Identifiable.randomUID("logreg"),
        org.apache.spark.ml.linalg.Vectors.dense(coef), beta[0]);
    return (LogisticRegressionModel) estimator.copyValues(m, new ParamMap()).setParent(estimator);
  }

  private static LogisticRegression estimator(String label, String prefix) {
    return new LogisticRegression().setFeaturesCol(FEATURES).setLabelCol(label).setFamily("binomial").setTol(1e-8)
        .setPredictionCol(prefix + "_prediction").setProbabilityCol(prefix + "_probability").setRawPredictionCol(prefix + "_raw");
  }

  /** Per-arm minimum, maximum, non-zero count and size of every feature, and the overall variance: one pass. */
  record FeatureStats(double[] minT, double[] maxT, double[] nzT, long nT, double[] minC, double[] maxC, double[] nzC, long nC, double[] variance) {
    static FeatureStats of(UnitSource units, int f) {
      int arm = 3 * f + 1;
      int total = 2 * arm + 2 * f;
      double[] zero = new double[total];
      for (int a = 0; a < 2; a++) {
        java.util.Arrays.fill(zero, a * arm, a * arm + f, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(zero, a * arm + f, a * arm + 2 * f, Double.NEGATIVE_INFINITY);
      }
      double[] s = units.aggregate(zero, (u, acc) -> {
        int o = u.t > 0 ? 0 : arm;
        for (int j = 0; j < f; j++) {
          double x = u.x[j + 1];
          acc[o + j] = Math.min(acc[o + j], x);
          acc[o + f + j] = Math.max(acc[o + f + j], x);
          acc[o + 2 * f + j] += x != 0 ? 1 : 0;
          acc[2 * arm + j] += x;
          acc[2 * arm + f + j] += x * x;
        }
        acc[o + 3 * f] += 1;
      }, (acc, other) -> {
        for (int a = 0; a < 2; a++) {
          int o = a * arm;
          for (int j = 0; j < f; j++) {
            acc[o + j] = Math.min(acc[o + j], other[o + j]);
            acc[o + f + j] = Math.max(acc[o + f + j], other[o + f + j]);
          }
          for (int j = o + 2 * f; j <= o + 3 * f; j++) {
            acc[j] += other[j];
          }
        }
        for (int j = 2 * arm; j < total; j++) {
          acc[j] += other[j];
        }
      });
      long nT = (long) s[3 * f];
      long nC = (long) s[arm + 3 * f];
      double n = nT + nC;
      double[] variance = new double[f];
      for (int j = 0; j < f; j++) {
        double mean = s[2 * arm + j] / n;
        variance[j] = Math.max(0, (s[2 * arm + f + j] - n * mean * mean) / (n - 1));
      }
      return new FeatureStats(java.util.Arrays.copyOfRange(s, 0, f), java.util.Arrays.copyOfRange(s, f, 2 * f), java.util.Arrays.copyOfRange(s, 2 * f, 3 * f), nT,
          java.util.Arrays.copyOfRange(s, arm, arm + f), java.util.Arrays.copyOfRange(s, arm + f, arm + 2 * f),
          java.util.Arrays.copyOfRange(s, arm + 2 * f, arm + 3 * f), nC, variance);
    }

    double[] sd() {
      double[] sd = new double[variance.length];
      for (int j = 0; j < sd.length; j++) {
        sd[j] = Math.sqrt(variance[j]);
      }
      return sd;
    }
  }

  private static org.apache.spark.ml.Transformer[] appendStage(PipelineModel encoder, LogisticRegressionModel lr) {
    org.apache.spark.ml.Transformer[] stages = new org.apache.spark.ml.Transformer[encoder.stages().length + 1];
    System.arraycopy(encoder.stages(), 0, stages, 0, encoder.stages().length);
    stages[stages.length - 1] = lr;
    return stages;
  }

  static double[] withIntercept(double intercept, double[] coefficients) {
    double[] beta = new double[coefficients.length + 1];
    beta[0] = intercept;
    System.arraycopy(coefficients, 0, beta, 1, coefficients.length);
    return beta;
  }

  /** String indexers (alphabetical), one-hot encoders (last level dropped) and the assembler into {@link #FEATURES}. */
  public static Pipeline encoder(List<String> covariates, List<String> categorical) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    for (String c : covariates) {
      if (categorical.contains(c)) {
        stages.add(new StringIndexer().setInputCol(c).setOutputCol("_idx_" + c).setStringOrderType("alphabetAsc"));
        stages.add(new OneHotEncoder().setInputCol("_idx_" + c).setOutputCol("_ohe_" + c).setDropLast(true));
        inputs.add("_ohe_" + c);
      } else {
        inputs.add(c);
      }
    }
    stages.add(new VectorAssembler().setInputCols(inputs.toArray(String[]::new)).setOutputCol(FEATURES));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /** Model-term names: the covariate, or covariate=level for each non-reference level. */
  public static List<String> featureNames(PipelineModel encoder, List<String> covariates, List<String> categorical) {
    Map<String, String[]> labels = new LinkedHashMap<>();
    for (org.apache.spark.ml.Transformer t : encoder.stages()) {
      if (t instanceof StringIndexerModel m) {
        labels.put(m.getInputCol(), m.labelsArray()[0]);
      }
    }
    List<String> names = new ArrayList<>();
    for (String c : covariates) {
      if (categorical.contains(c)) {
        String[] l = labels.get(c);
        for (int i = 0; i < l.length - 1; i++) {
          names.add(c + "=" + l[i]);
        }
      } else {
        names.add(c);
      }
    }
    return names;
  }

  static String covariateOf(String featureName, List<String> covariates) {
    int eq = featureName.indexOf('=');
    String base = eq > 0 ? featureName.substring(0, eq) : featureName;
    return covariates.contains(base) ? base : featureName;
  }

  /**
   * Single-covariate separation: a feature whose range in one arm lies entirely outside the other's,
   * a 0/1 feature (or category level) present in one arm only, or a constant feature.
   */
  static Map<String, String> separatedByRange(FeatureStats st, List<String> covariates, List<String> names) {
    if (st.nT() == 0 || st.nC() == 0) {
      throw new org.gaitoutcomes.GaitException("the treatment has a single arm in the analysis table: nothing to compare");
    }
    double[] minT = st.minT();
    double[] maxT = st.maxT();
    double[] nzT = st.nzT();
    long nT = st.nT();
    double[] minC = st.minC();
    double[] maxC = st.maxC();
    double[] nzC = st.nzC();
    long nC = st.nC();
    Map<String, String> flagged = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      String name = names.get(j);
      String cov = covariateOf(name, covariates);
      boolean binary = minT[j] >= 0 && maxT[j] <= 1 && minC[j] >= 0 && maxC[j] <= 1
          && Math.min(minT[j], minC[j]) == 0 && Math.max(maxT[j], maxC[j]) == 1;
      if (Math.min(minT[j], minC[j]) == Math.max(maxT[j], maxC[j])) {
        flagged.putIfAbsent(cov, name + " is constant in the analysis table");
      } else if (maxT[j] < minC[j] || maxC[j] < minT[j]) {
        flagged.putIfAbsent(cov, name + " separates the arms completely (treated range " + minT[j] + ".." + maxT[j]
            + ", comparator " + minC[j] + ".." + maxC[j] + ")");
      } else if (binary && ((nzT[j] == 0) != (nzC[j] == 0))) {
        flagged.putIfAbsent(cov, name + " = 1 occurs in one arm only (treated " + (long) nzT[j] + ", comparator " + (long) nzC[j] + ")");
      } else if (binary && ((nzT[j] == nT) != (nzC[j] == nC))) {
        flagged.putIfAbsent(cov, name + " = 0 occurs in one arm only");
      }
    }
    return flagged;
  }

  /** Ridge-penalized logistic regression (MLlib, standardized features) with a cross-validated strength. */
  static LogisticRegressionModel fitPenalized(Dataset<Row> encoded, String label, CompareSpec spec) {
    LogisticRegression lr = estimator(label, "_ps").setMaxIter(spec.maxIter()).setElasticNetParam(0).setStandardization(true);
    ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), spec.regGrid().stream().mapToDouble(Double::doubleValue).toArray()).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator().setLabelCol(label).setRawPredictionCol("_ps_raw"))
        .setNumFolds(spec.cvFolds()).setSeed(spec.seed()).fit(encoded);
    return (LogisticRegressionModel) cv.bestModel();
  }

  /** The design row: a leading 1 followed by the features. */
  public static double[] design(Vector features) {
    double[] f = features.toArray();
    double[] x = new double[f.length + 1];
    x[0] = 1;
    System.arraycopy(f, 0, x, 1, f.length);
    return x;
  }
}
