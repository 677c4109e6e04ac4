package org.gaitoutcomes.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Cross-fitted outcome predictions from XGBoost's gradient-boosted trees (in memory, xgboost4j), for
 * the learner evaluation ({@link LearnerEvaluation}) only: per fold k and arm, a booster trained on the
 * other folds' observed outcomes of that arm predicts fold k. Not a study learner: xgboost4j is a
 * provided, optional dependency of the benchmark, outside the cluster jar (see bench/README.md).
 */
final class XgboostLearner {
  private XgboostLearner() {}

  /** The units with {@code m1}, {@code m0} predicted out of fold by boosters of {@code rounds} trees of depth {@code depth}. */
  static List<AnalysisUnit> crossFit(List<AnalysisUnit> units, int folds, int rounds, int depth, double eta, long seed) {
    List<AnalysisUnit> out = new ArrayList<>();
    for (AnalysisUnit u : units) {
      out.add(u.copy());
    }
    int p = units.get(0).x.length - 1;
    try {
      for (int k = 0; k < folds; k++) {
        for (int arm = 0; arm < 2; arm++) {
          List<AnalysisUnit> train = new ArrayList<>();
          for (AnalysisUnit u : units) {
            if (u.fold != k && (u.t > 0 ? 1 : 0) == arm && !Double.isNaN(u.y)) {
              train.add(u);
            }
          }
          DMatrix d = matrix(train, p);
          float[] label = new float[train.size()];
          for (int i = 0; i < label.length; i++) {
            label[i] = (float) train.get(i).y;
          }
          d.setLabel(label);
          Map<String, Object> params = new HashMap<>();
          params.put("objective", "reg:squarederror");
          params.put("max_depth", depth);
          params.put("eta", eta);
          params.put("subsample", 1.0);
          params.put("nthread", 1);
          params.put("seed", seed + 31L * k + arm);
          Booster b = XGBoost.train(d, params, rounds, new HashMap<>(), null, null);
          List<AnalysisUnit> target = new ArrayList<>();
          for (AnalysisUnit u : out) {
            if (u.fold == k) {
              target.add(u);
            }
          }
          float[][] pred = b.predict(matrix(target, p));
          for (int i = 0; i < target.size(); i++) {
            if (arm == 1) {
              target.get(i).m1 = pred[i][0];
            } else {
              target.get(i).m0 = pred[i][0];
            }
          }
          b.dispose();
          d.dispose();
        }
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
    }
    return out;
  }

  private static DMatrix matrix(List<AnalysisUnit> units, int p) throws XGBoostError {
    float[] data = new float[units.size() * p];
    for (int i = 0; i < units.size(); i++) {
      for (int j = 0; j < p; j++) {
        data[i * p + j] = (float) units.get(i).x[j + 1];
      }
    }
    return new DMatrix(data, units.size(), p, Float.NaN);
  }
}
