package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.gaitoutcomes.spark.Progress;

/**
 * The propensity score: a Pipeline of string indexing and one-hot encoding (reference level dropped),
 * vector assembly and MLlib logistic regression. By default plain maximum likelihood (no penalty,
 * tight tolerance) so the coefficients match R glm; optionally ridge-penalized with a cross-validated
 * strength. Covariates that (nearly) determine treatment are detected and excluded, each named.
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
    Map<String, String> excluded = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    List<String> kept = new ArrayList<>(covariates);
    for (int round = 0; round < 3; round++) {
      PipelineModel encoder = encoder(kept, categorical).fit(data);
      List<String> names = featureNames(encoder, kept, categorical);
      Dataset<Row> encoded = encoder.transform(data);
      Map<String, String> flagged = separatedByRange(encoded, label, kept, names);
      if (flagged.isEmpty()) {
        LogisticRegressionModel lr = fitLogistic(encoded, label, spec);
        double[] beta = withIntercept(lr.intercept(), lr.coefficients().toArray());
        double[] info = information(encoded, beta);
        int p = beta.length;
        double[][] inv = CausalMath.inverse(CausalMath.matrix(info, 0, p));
        double[] se = new double[p];
        for (int j = 0; j < p; j++) {
          se[j] = Math.sqrt(Math.max(inv[j][j], 0));
        }
        double[] sd = featureSd(encoded);
        double minE = info[p * p];
        double maxE = info[p * p + 1];
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
      }
      flagged.forEach((c, why) -> {
        excluded.put(c, why);
        Progress.warn("propensity: covariate " + c + " excluded: " + why);
      });
      kept.removeAll(flagged.keySet());
      if (kept.isEmpty()) {
        throw new org.gaitoutcomes.GaitException("every covariate separates the arms (" + excluded + "): no propensity model can be fitted");
      }
    }
    throw new org.gaitoutcomes.GaitException("propensity model: separation persists after excluding " + excluded.keySet());
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
  static Map<String, String> separatedByRange(Dataset<Row> encoded, String label, List<String> covariates, List<String> names) {
    List<Row> stats = encoded.groupBy(col(label))
        .agg(Summarizer.metrics("min", "max", "numNonZeros", "count").summary(col(FEATURES)).as("s"))
        // driver-safe: one summary row per arm (two rows)
        .collectAsList();
    Map<String, String> flagged = new LinkedHashMap<>();
    if (stats.size() < 2) {
      throw new org.gaitoutcomes.GaitException("treatment " + label + " has a single arm in the analysis table: nothing to compare");
    }
    Row a = stats.get(0).getDouble(0) > 0 ? stats.get(0).getStruct(1) : stats.get(1).getStruct(1);
    Row b = stats.get(0).getDouble(0) > 0 ? stats.get(1).getStruct(1) : stats.get(0).getStruct(1);
    double[] minT = ((Vector) a.get(0)).toArray();
    double[] maxT = ((Vector) a.get(1)).toArray();
    double[] nzT = ((Vector) a.get(2)).toArray();
    long nT = a.getLong(3);
    double[] minC = ((Vector) b.get(0)).toArray();
    double[] maxC = ((Vector) b.get(1)).toArray();
    double[] nzC = ((Vector) b.get(2)).toArray();
    long nC = b.getLong(3);
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

  static LogisticRegressionModel fitLogistic(Dataset<Row> encoded, String label, CompareSpec spec) {
    return fitLogistic(encoded, FEATURES, label, "_ps", spec);
  }

  /**
   * MLlib logistic regression of {@code label} on {@code features}. Unpenalized fits are finished with
   * Newton-Raphson steps on distributed sums (as glm's IRLS) until no coefficient moves by more than
   * {@code tol}, so the result is the maximum-likelihood estimate to machine precision.
   */
  static LogisticRegressionModel fitLogistic(Dataset<Row> encoded, String features, String label, String prefix, CompareSpec spec) {
    LogisticRegression lr = new LogisticRegression().setFeaturesCol(features).setLabelCol(label)
        .setFamily("binomial").setMaxIter(spec.maxIter()).setTol(1e-8)
        .setPredictionCol(prefix + "_prediction").setProbabilityCol(prefix + "_probability").setRawPredictionCol(prefix + "_raw");
    if (!spec.penalized()) {
      LogisticRegressionModel m = lr.setRegParam(0).setStandardization(false).fit(encoded);
      double[] beta = withIntercept(m.intercept(), m.coefficients().toArray());
      for (int step = 0; step < 25; step++) {
        double[] move = newtonStep(encoded, features, label, beta);
        double largest = 0;
        for (int j = 0; j < beta.length; j++) {
          beta[j] += move[j];
          largest = Math.max(largest, Math.abs(move[j]));
        }
        if (largest < spec.tol()) {
          break;
        }
      }
      double[] coef = java.util.Arrays.copyOfRange(beta, 1, beta.length);
      LogisticRegressionModel polished = new LogisticRegressionModel(m.uid(), org.apache.spark.ml.linalg.Vectors.dense(coef), beta[0]);
      return (LogisticRegressionModel) m.copyValues(polished, new ParamMap()).setParent(m.parent());
    }
    lr.setElasticNetParam(0).setStandardization(true);
    ParamMap[] grid = new ParamGridBuilder().addGrid(lr.regParam(), spec.regGrid().stream().mapToDouble(Double::doubleValue).toArray()).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(grid)
        .setEvaluator(new BinaryClassificationEvaluator().setLabelCol(label).setRawPredictionCol("_ps_raw"))
        .setNumFolds(spec.cvFolds()).setSeed(spec.seed()).fit(encoded);
    return (LogisticRegressionModel) cv.bestModel();
  }

  /** Logistic maximum likelihood by Newton-Raphson (IRLS, as R glm) from zero, on distributed sums. */
  static double[] newtonFit(Dataset<Row> data, String features, String label, int coefficients, double tol) {
    double[] beta = new double[coefficients];
    for (int step = 0; step < 30; step++) {
      double[] move = newtonStep(data, features, label, beta);
      double largest = 0;
      for (int j = 0; j < beta.length; j++) {
        beta[j] += move[j];
        largest = Math.max(largest, Math.abs(move[j]));
      }
      if (largest < tol) {
        return beta;
      }
    }
    throw new org.gaitoutcomes.GaitException("logistic model of " + label + " did not converge in 30 Newton steps (separation?)");
  }

  /** One Newton-Raphson step H^-1 g of the logistic log-likelihood (g = sum x (y - e), H = sum e(1-e) x x'). */
  static double[] newtonStep(Dataset<Row> data, String features, String label, double[] beta) {
    int p = beta.length;
    double[] s = data.select(col(features), col(label).cast("double")).javaRDD().treeAggregate(new double[p * p + p], (acc, r) -> {
      double[] x = design((Vector) r.get(0));
      double e = Estimators.propensity(beta, x);
      double w = e * (1 - e);
      double resid = r.getDouble(1) - e;
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          acc[i * p + j] += w * x[i] * x[j];
        }
        acc[p * p + i] += resid * x[i];
      }
      return acc;
    }, (a, b) -> {
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
      return a;
    });
    return CausalMath.solve(CausalMath.matrix(s, 0, p), CausalMath.vector(s, p * p, p));
  }

  /** sum e(1-e) x x' over rows (row-major p x p, intercept first), then min and max fitted e. */
  static double[] information(Dataset<Row> encoded, double[] beta) {
    int p = beta.length;
    return encoded.select(FEATURES).javaRDD().treeAggregate(initInformation(p), (acc, r) -> {
      double[] x = design((Vector) r.get(0));
      double e = Estimators.propensity(beta, x);
      double w = e * (1 - e);
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          acc[i * p + j] += w * x[i] * x[j];
        }
      }
      acc[p * p] = Math.min(acc[p * p], e);
      acc[p * p + 1] = Math.max(acc[p * p + 1], e);
      return acc;
    }, (x, y) -> {
      for (int i = 0; i < p * p; i++) {
        x[i] += y[i];
      }
      x[p * p] = Math.min(x[p * p], y[p * p]);
      x[p * p + 1] = Math.max(x[p * p + 1], y[p * p + 1]);
      return x;
    });
  }

  private static double[] initInformation(int p) {
    double[] a = new double[p * p + 2];
    a[p * p] = 1;
    a[p * p + 1] = 0;
    return a;
  }

  private static double[] featureSd(Dataset<Row> encoded) {
    // driver-safe: one row of feature variances
    Row r = encoded.agg(Summarizer.metrics("variance").summary(col(FEATURES)).as("s")).first().getStruct(0);
    double[] v = ((Vector) r.get(0)).toArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sqrt(v[i]);
    }
    return v;
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
