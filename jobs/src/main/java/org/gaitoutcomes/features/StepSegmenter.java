package org.gaitoutcomes.features;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.scans.ScanFormat;
import org.gaitoutcomes.scans.ScanRows;
import org.gaitoutcomes.scans.StepSegmentation;

/**
 * Frames to steps, so imported recordings (frames) and simulated ones (already steps) feed the same
 * features. Input: gait_scans rows. Output: the same rows without {@code frames}, with {@code steps}
 * computed from the frames where there were frames (kept as given otherwise) and a new column
 * {@code step_pti_kpa_s} (per step, each cell's pressure-time integral; null for rows that came as steps).
 * The per-row math is {@link StepSegmentation}; edge contacts are kept for platform formats only ({@link ScanFormat#isPlatform}).
 */
public final class StepSegmenter extends FeatureTransformer {
  private static final long serialVersionUID = 1L;
  static final String[] INPUTS = {"frames", "steps", "device", "sampling_hz", "cell_rows", "cell_cols", "row_spacing_mm", "col_spacing_mm"};
  public static final String PTI_COLUMN = "step_pti_kpa_s";

  private final DoubleParam contactThresholdN;
  private final DoubleParam minContactS;
  private final IntParam minLoadedCells;

  public StepSegmenter() {
    this(Identifiable.randomUID("stepSegmenter"));
  }

  public StepSegmenter(String uid) {
    super(uid);
    contactThresholdN = new DoubleParam(this, "contactThresholdN",
        "summed force (N) above which a foot is in contact", ParamValidators.gt(0.0));
    minContactS = new DoubleParam(this, "minContactS",
        "shortest contact (s) counted as a step", ParamValidators.gtEq(0.0));
    minLoadedCells = new IntParam(this, "minLoadedCells",
        "if above 0, contact means at least this many cells above 0 kPa instead of the force threshold",
        ParamValidators.gtEq(0.0));
    setDefault(contactThresholdN, 30.0);
    setDefault(minContactS, 0.1);
    setDefault(minLoadedCells, 0);
  }

  public IntParam minLoadedCells() {
    return minLoadedCells;
  }

  public StepSegmenter setMinLoadedCells(int v) {
    set(minLoadedCells, v);
    return this;
  }

  public int getMinLoadedCells() {
    return (Integer) getOrDefault(minLoadedCells);
  }

  public DoubleParam contactThresholdN() {
    return contactThresholdN;
  }

  public DoubleParam minContactS() {
    return minContactS;
  }

  public StepSegmenter setContactThresholdN(double v) {
    set(contactThresholdN, v);
    return this;
  }

  public StepSegmenter setMinContactS(double v) {
    set(minContactS, v);
    return this;
  }

  public double getContactThresholdN() {
    return (Double) getOrDefault(contactThresholdN);
  }

  public double getMinContactS() {
    return (Double) getOrDefault(minContactS);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StageColumns.require(schema, "StepSegmenter", INPUTS);
    List<StructField> fields = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.name().equals("frames")) {
        continue;
      }
      fields.add(f.name().equals("steps") ? ScanRows.schema().apply("steps") : f);
    }
    StructType out = new StructType(fields.toArray(new StructField[0]));
    return StageColumns.withField(out, "StepSegmenter", PTI_COLUMN, DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.FloatType)));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    int[] source = new int[out.size() - 1];
    for (int i = 0; i < source.length; i++) {
      source[i] = in.fieldIndex(out.fields()[i].name());
    }
    int framesAt = in.fieldIndex("frames");
    int stepsAt = in.fieldIndex("steps");
    int outStepsAt = out.fieldIndex("steps");
    int rowsAt = in.fieldIndex("cell_rows");
    int colsAt = in.fieldIndex("cell_cols");
    int rowMmAt = in.fieldIndex("row_spacing_mm");
    int colMmAt = in.fieldIndex("col_spacing_mm");
    int hzAt = in.fieldIndex("sampling_hz");
    int deviceAt = in.fieldIndex("device");
    double threshold = getContactThresholdN();
    double minContact = getMinContactS();
    int minCells = getMinLoadedCells();
    return dataset.toDF().map((MapFunction<Row, Row>) r -> {
      Object[] values = new Object[source.length + 1];
      for (int i = 0; i < source.length; i++) {
        values[i] = r.get(source[i]);
      }
      if (!r.isNullAt(framesAt)) {
        List<float[]> frames = ScanRows.floatArrays(r.get(framesAt));
        List<StepSegmentation.Step> steps = StepSegmentation.segment(frames, r.getInt(rowsAt), r.getInt(colsAt),
            r.getDouble(rowMmAt), r.getDouble(colMmAt), r.getDouble(hzAt), threshold, minCells, minContact, ScanFormat.isPlatform(r.getString(deviceAt)));
        Row[] stepRows = new Row[steps.size()];
        Object[] pti = new Object[steps.size()];
        for (int k = 0; k < steps.size(); k++) {
          stepRows[k] = ScanRows.stepRow(steps.get(k));
          pti[k] = steps.get(k).ptiKpaS();
        }
        values[outStepsAt] = stepRows;
        values[source.length] = pti;
      } else {
        values[outStepsAt] = r.get(stepsAt);
        values[source.length] = null;
      }
      return RowFactory.create(values);
    }, Encoders.row(out));
  }

  public static MLReader<StepSegmenter> read() {
    return new DefaultParamsReader<>();
  }

  public static StepSegmenter load(String path) {
    return read().load(path);
  }
}
