package org.gaitoutcomes.features;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.schema.Schemas;

/**
 * The last stage of the scan pipeline: from the per-side pressure features ({@link PressureFeatures}
 * output) to the scan_features rows, adding the scan-level cadence and stance-time symmetry
 * ({@link FeaturesStage#withScanGait}) and dropping the step arrays. With it in the saved pipeline,
 * {@code PipelineModel.load(features/pipeline/scans).transform(gait_scans)} reproduces scan_features.
 */
public final class ScanGait extends FeatureTransformer {
  private static final long serialVersionUID = 1L;

  public ScanGait() {
    this(Identifiable.randomUID("scanGait"));
  }

  public ScanGait(String uid) {
    super(uid);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StageColumns.require(schema, "ScanGait", "scan_id", "side", "stride_time_s", "stance_time_s");
    return Schemas.get(Schemas.SCAN_FEATURES).structType();
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return FeaturesStage.withScanGait(FeaturesStage.sideFeatures(dataset.toDF()));
  }

  public static MLReader<ScanGait> read() {
    return new DefaultParamsReader<>();
  }

  public static ScanGait load(String path) {
    return read().load(path);
  }
}
