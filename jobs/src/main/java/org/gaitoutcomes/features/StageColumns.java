package org.gaitoutcomes.features;

import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks shared by the feature stages: fail before any data is read, naming the stage and column. */
final class StageColumns {
  private StageColumns() {}

  static void require(StructType schema, String stage, String... names) {
    for (String n : names) {
      if (!Arrays.asList(schema.fieldNames()).contains(n)) {
        throw new IllegalArgumentException(stage + ": input column '" + n + "' is missing (input has: "
            + String.join(", ", schema.fieldNames()) + ")");
      }
    }
  }

  static StructType withField(StructType schema, String stage, String name, DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException(stage + ": output column '" + name + "' already exists in the input");
    }
    return schema.add(new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty()));
  }

  /** A double for a Row: NaN and infinities become null. */
  static Double orNull(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }
}
