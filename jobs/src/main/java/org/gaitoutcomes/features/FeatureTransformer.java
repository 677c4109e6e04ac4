package org.gaitoutcomes.features;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;

/**
 * What every feature stage shares: a uid (Spark ML reloads a saved stage through its
 * {@code (String uid)} constructor and static {@code read()}), params copied by Spark's default, and
 * saving with its params ({@link DefaultParamsWritable}).
 */
abstract class FeatureTransformer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;

  FeatureTransformer(String uid) {
    this.uid = uid;
  }

  @Override
  public final String uid() {
    return uid;
  }

  @Override
  public Transformer copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
