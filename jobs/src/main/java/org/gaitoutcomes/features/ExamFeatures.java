package org.gaitoutcomes.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Per-side exam features on foot_exams rows, as Spark expressions with the thresholds of
 * {@link ExamMeasures} (the plain-Java reference, against which a test checks these expressions):
 * {@code navicular_drop_mm} (seated minus standing), {@code fpi_total} (sum of the six items, null unless
 * all are scored), {@code fpi_category} (Redmond 2006) and {@code rcsp_category}.
 */
public final class ExamFeatures extends FeatureTransformer {
  private static final long serialVersionUID = 1L;
  static final String[] FPI_ITEMS = {"fpi_talar_head", "fpi_malleolar_curvature", "fpi_calcaneal_position",
      "fpi_talonavicular_bulge", "fpi_medial_arch", "fpi_forefoot_abduction"};
  static final String[] INPUTS = {"navicular_height_seated_mm", "navicular_height_standing_mm", "fpi_talar_head",
      "fpi_malleolar_curvature", "fpi_calcaneal_position", "fpi_talonavicular_bulge", "fpi_medial_arch",
      "fpi_forefoot_abduction", "rcsp_deg"};

  public ExamFeatures() {
    this(Identifiable.randomUID("examFeatures"));
  }

  public ExamFeatures(String uid) {
    super(uid);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StageColumns.require(schema, "ExamFeatures", INPUTS);
    StructType out = StageColumns.withField(schema, "ExamFeatures", "navicular_drop_mm", DataTypes.DoubleType);
    out = StageColumns.withField(out, "ExamFeatures", "fpi_total", DataTypes.IntegerType);
    out = StageColumns.withField(out, "ExamFeatures", "fpi_category", DataTypes.StringType);
    return StageColumns.withField(out, "ExamFeatures", "rcsp_category", DataTypes.StringType);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Column total = col(FPI_ITEMS[0]);
    for (int i = 1; i < FPI_ITEMS.length; i++) {
      total = total.plus(col(FPI_ITEMS[i])); // null if any item is null
    }
    return dataset.toDF()
        .withColumn("navicular_drop_mm", col("navicular_height_seated_mm").minus(col("navicular_height_standing_mm")))
        .withColumn("fpi_total", total.cast("int"))
        .withColumn("fpi_category", fpiCategory(col("fpi_total")))
        .withColumn("rcsp_category", rcspCategory(col("rcsp_deg")));
  }

  /** {@link ExamMeasures#fpiCategory} as a Spark expression. */
  public static Column fpiCategory(Column total) {
    return when(total.isNull(), lit(null).cast("string"))
        .when(total.geq(ExamMeasures.FPI_HIGHLY_PRONATED_MIN), "highly_pronated")
        .when(total.geq(ExamMeasures.FPI_PRONATED_MIN), "pronated")
        .when(total.geq(ExamMeasures.FPI_NEUTRAL_MIN), "neutral")
        .when(total.geq(ExamMeasures.FPI_SUPINATED_MIN), "supinated")
        .otherwise("highly_supinated");
  }

  /** {@link ExamMeasures#rcspCategory} as a Spark expression. */
  public static Column rcspCategory(Column degrees) {
    return when(degrees.isNull(), lit(null).cast("string"))
        .when(degrees.leq(ExamMeasures.RCSP_PRONATOR_MAX), "pronator")
        .when(degrees.geq(ExamMeasures.RCSP_SUPINATOR_MIN), "supinator")
        .otherwise("neutral");
  }

  /** {@link ExamMeasures#lldCategory} as a Spark expression. */
  public static Column lldCategory(Column lldMm) {
    Column a = org.apache.spark.sql.functions.abs(lldMm);
    return when(lldMm.isNull(), lit(null).cast("string"))
        .when(a.lt(ExamMeasures.LLD_MODERATE_MIN), "under_6")
        .when(a.lt(ExamMeasures.LLD_LARGE_MIN), "6_to_10")
        .otherwise("11_plus");
  }

  /** {@link FootprintIndices#archCategory} as a Spark expression. */
  public static Column archCategory(Column archIndex) {
    return when(archIndex.isNull(), lit(null).cast("string"))
        .when(archIndex.leq(FootprintIndices.ARCH_HIGH_MAX), "high")
        .when(archIndex.geq(FootprintIndices.ARCH_FLAT_MIN), "flat")
        .otherwise("normal");
  }

  public static MLReader<ExamFeatures> read() {
    return new DefaultParamsReader<>();
  }

  public static ExamFeatures load(String path) {
    return read().load(path);
  }
}
