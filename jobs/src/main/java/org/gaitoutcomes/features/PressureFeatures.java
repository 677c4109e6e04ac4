package org.gaitoutcomes.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.scans.GaitTiming;
import org.gaitoutcomes.scans.ScanRows;

/**
 * Pressure features per scan and side from its steps: step count, mean stance and stride time, and, as
 * means over steps, foot length, arch index (and its category), CPEI, Chippaux-Smirak and Staheli indices,
 * and per region (hindfoot, midfoot, forefoot) peak pressure, pressure-time integral (needs
 * {@code step_pti_kpa_s}, i.e. frames; null for rows that came as steps) and contact area. Formulas:
 * {@link FootprintIndices}, {@link CopIndices}, {@link GaitTiming}. Undefined values are null.
 *
 * <p>Footprint-shape indices (arch index, Chippaux-Smirak, Staheli) are defined on barefoot prints
 * (platforms such as emed). In a shoe the insole under the arch is loaded too: on the real pedar example
 * every midfoot sensor exceeds 40 kPa, so in-shoe values read flatter than platform values and should be
 * compared or adjusted within device (baseline_features.scan_device).
 */
public final class PressureFeatures extends FeatureTransformer {
  private static final long serialVersionUID = 1L;
  static final String[] INPUTS = {"steps", "cell_rows", "cell_cols", "row_spacing_mm", "col_spacing_mm"};

  /** Output columns and their types, in order. */
  public static final List<String> OUTPUTS;
  private static final List<DataType> OUTPUT_TYPES;

  static {
    List<String> names = new ArrayList<>(List.of("n_steps", "stance_time_s", "stride_time_s", "foot_length_mm", "arch_index",
        "arch_category", "cpei", "chippaux_smirak", "staheli"));
    for (String suffix : List.of("_peak_kpa", "_pti_kpa_s", "_area_cm2")) {
      for (String region : FootprintIndices.REGIONS) {
        names.add(region + suffix);
      }
    }
    OUTPUTS = List.copyOf(names);
    List<DataType> types = new ArrayList<>();
    for (String n : OUTPUTS) {
      types.add(n.equals("n_steps") ? DataTypes.IntegerType : n.equals("arch_category") ? DataTypes.StringType : DataTypes.DoubleType);
    }
    OUTPUT_TYPES = List.copyOf(types);
  }

  private final DoubleParam footprintContactKpa;
  private final DoubleParam toeLineFraction;

  public PressureFeatures() {
    this(Identifiable.randomUID("pressureFeatures"));
  }

  public PressureFeatures(String uid) {
    super(uid);
    footprintContactKpa = new DoubleParam(this, "footprintContactKpa",
        "peak pressure (kPa) above which a cell is part of the footprint", ParamValidators.gtEq(0.0));
    toeLineFraction = new DoubleParam(this, "toeLineFraction",
        "fraction of foot length from the heel beyond which rows are toes when the toes are not separated",
        ParamValidators.inRange(0.5, 1.0));
    setDefault(footprintContactKpa, 5.0);
    setDefault(toeLineFraction, FootprintIndices.DEFAULT_TOE_LINE_FRACTION);
  }

  public DoubleParam footprintContactKpa() {
    return footprintContactKpa;
  }

  public DoubleParam toeLineFraction() {
    return toeLineFraction;
  }

  public PressureFeatures setFootprintContactKpa(double v) {
    set(footprintContactKpa, v);
    return this;
  }

  public PressureFeatures setToeLineFraction(double v) {
    set(toeLineFraction, v);
    return this;
  }

  public double getFootprintContactKpa() {
    return (Double) getOrDefault(footprintContactKpa);
  }

  public double getToeLineFraction() {
    return (Double) getOrDefault(toeLineFraction);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StageColumns.require(schema, "PressureFeatures", INPUTS);
    StructType out = schema;
    for (int i = 0; i < OUTPUTS.size(); i++) {
      out = StageColumns.withField(out, "PressureFeatures", OUTPUTS.get(i), OUTPUT_TYPES.get(i));
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType in = dataset.schema();
    StructType out = transformSchema(in);
    int ptiAt = java.util.Arrays.asList(in.fieldNames()).indexOf(StepSegmenter.PTI_COLUMN);
    int stepsAt = in.fieldIndex("steps");
    double contactKpa = getFootprintContactKpa();
    double toeLine = getToeLineFraction();
    int width = in.size();
    int rowsAt = in.fieldIndex("cell_rows");
    int colsAt = in.fieldIndex("cell_cols");
    int rowMmAt = in.fieldIndex("row_spacing_mm");
    int colMmAt = in.fieldIndex("col_spacing_mm");
    return dataset.toDF().map((MapFunction<Row, Row>) r -> {
      Object[] values = new Object[out.size()];
      for (int i = 0; i < width; i++) {
        values[i] = r.get(i);
      }
      Object[] features = features(ScanRows.rows(r.get(stepsAt)), ptiAt < 0 ? null : ScanRows.floatArrays(r.get(ptiAt)),
          r.getInt(rowsAt), r.getInt(colsAt), r.getDouble(rowMmAt), r.getDouble(colMmAt), contactKpa, toeLine);
      System.arraycopy(features, 0, values, width, features.length);
      return RowFactory.create(values);
    }, Encoders.row(out));
  }

  /** The OUTPUTS values for one scan side. */
  static Object[] features(List<Row> steps, List<float[]> pti, int rows, int cols, double rowMm, double colMm,
      double contactKpa, double toeLine) {
    Object[] v = new Object[OUTPUTS.size()];
    if (steps == null) {
      steps = List.of();
    }
    List<double[]> times = new ArrayList<>();
    double[] sums = new double[OUTPUTS.size()];
    int[] counts = new int[OUTPUTS.size()];
    for (int k = 0; k < steps.size(); k++) {
      Row s = steps.get(k);
      times.add(new double[] {s.getDouble(0), s.getDouble(1)});
      FootprintIndices.Grid peak = new FootprintIndices.Grid(ScanRows.floats(s.get(2)), rows, cols, rowMm, colMm);
      if (peak.values().length != rows * cols) {
        throw new IllegalArgumentException("a step's peak picture has " + peak.values().length + " values for a "
            + rows + "x" + cols + " grid");
      }
      float[] stepPti = pti == null || k >= pti.size() ? null : pti.get(k);
      FootprintIndices.Metrics m = FootprintIndices.compute(peak, stepPti, contactKpa, toeLine);
      double cpei = CopIndices.cpei(ScanRows.floats(s.get(3)), ScanRows.floats(s.get(4)), peak, contactKpa);
      double[] stepValues = new double[OUTPUTS.size()];
      java.util.Arrays.fill(stepValues, Double.NaN);
      stepValues[3] = m.footLengthMm();
      stepValues[4] = m.archIndex();
      stepValues[6] = cpei;
      stepValues[7] = m.chippauxSmirak();
      stepValues[8] = m.staheli();
      for (int g = 0; g < 3; g++) {
        stepValues[9 + g] = m.regionPeakKpa()[g];
        stepValues[12 + g] = m.regionPtiKpaS()[g];
        stepValues[15 + g] = m.regionAreaCm2()[g];
      }
      for (int i = 0; i < stepValues.length; i++) {
        if (!Double.isNaN(stepValues[i])) {
          sums[i] += stepValues[i];
          counts[i]++;
        }
      }
    }
    times.sort(Comparator.comparingDouble(t -> t[0]));
    v[0] = steps.size();
    v[1] = StageColumns.orNull(GaitTiming.meanStanceS(times));
    v[2] = StageColumns.orNull(GaitTiming.meanStrideS(times));
    for (int i = 3; i < v.length; i++) {
      if (i != 5) {
        v[i] = counts[i] == 0 ? null : sums[i] / counts[i];
      }
    }
    v[5] = v[4] == null ? null : FootprintIndices.archCategory((Double) v[4]);
    return v;
  }

  public static MLReader<PressureFeatures> read() {
    return new DefaultParamsReader<>();
  }

  public static PressureFeatures load(String path) {
    return read().load(path);
  }
}
