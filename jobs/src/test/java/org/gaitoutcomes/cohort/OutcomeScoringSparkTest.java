package org.gaitoutcomes.cohort;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;

/** The Spark expressions of {@link OutcomeScoring} give exactly what the plain-Java formulas give. */
class OutcomeScoringSparkTest {
  @Test
  void oswestryExpressionEqualsJavaOnRandomSectionsWithGaps() {
    StructField[] fields = new StructField[OutcomeScoring.ODI_SECTIONS];
    Column[] sections = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = DataTypes.createStructField("s" + i, DataTypes.IntegerType, true);
      sections[i] = col("s" + i);
    }
    Random random = new Random(20250101L);
    List<Row> rows = new ArrayList<>();
    List<Integer[]> inputs = new ArrayList<>();
    for (int r = 0; r < 400; r++) {
      Integer[] s = new Integer[fields.length];
      double gapRate = (r % 4) * 0.1; // 0, 10, 20, 30% unanswered
      for (int i = 0; i < s.length; i++) {
        s[i] = random.nextDouble() < gapRate ? null : random.nextInt(OutcomeScoring.ODI_SECTION_MAX + 1);
      }
      inputs.add(s);
      rows.add(RowFactory.create((Object[]) s));
    }
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, new StructType(fields));
    for (int maxMissing : new int[] {0, 1, 2, 9}) {
      List<Row> scored = df.select(OutcomeScoring.oswestry(sections, maxMissing)).collectAsList();
      int scoredCount = 0;
      for (int r = 0; r < inputs.size(); r++) {
        Double expected = OutcomeScoring.oswestry(inputs.get(r), maxMissing);
        Double actual = scored.get(r).isNullAt(0) ? null : scored.get(r).getDouble(0);
        assertEquals(expected, actual, "row " + r + ", odi-max-missing " + maxMissing);
        scoredCount += expected == null ? 0 : 1;
      }
      // Both scored and unscored rows were compared.
      assertTrue(scoredCount > 0 && (scoredCount < inputs.size() || maxMissing == 9), "max missing " + maxMissing + ": " + scoredCount + " scored");
    }
  }

  @Test
  void responderAndImportantChangeExpressionsEqualJavaOnTheWholeGrid() {
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("base", DataTypes.DoubleType, true),
        DataTypes.createStructField("follow", DataTypes.DoubleType, true)});
    List<Row> rows = new ArrayList<>();
    List<Double[]> inputs = new ArrayList<>();
    for (int b = -1; b <= 10; b++) {
      for (int f = -1; f <= 10; f++) {
        Double base = b < 0 ? null : (double) b;
        Double follow = f < 0 ? null : (double) f;
        inputs.add(new Double[] {base, follow});
        rows.add(RowFactory.create(base, follow));
      }
    }
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, schema);
    double[][] rules = {{30, 2}, {50, 2}, {30, 5}, {20, 1}};
    for (double[] rule : rules) {
      List<Row> out = df.select(
          OutcomeScoring.nrsResponder(col("base"), col("follow"), rule[0], rule[1]),
          OutcomeScoring.importantImprovement(col("base"), col("follow"), rule[1])).collectAsList();
      for (int r = 0; r < inputs.size(); r++) {
        Double[] in = inputs.get(r);
        assertEquals(OutcomeScoring.nrsResponder(in[0], in[1], rule[0], rule[1]), out.get(r).isNullAt(0) ? null : out.get(r).getBoolean(0),
            "responder " + in[0] + " -> " + in[1] + " at " + rule[0] + "% / " + rule[1]);
        assertEquals(OutcomeScoring.importantImprovement(in[0], in[1], rule[1]), out.get(r).isNullAt(1) ? null : out.get(r).getBoolean(1),
            "important change " + in[0] + " -> " + in[1]);
      }
    }
  }

  @Test
  void bmiExpressionEqualsJava() {
    StructType schema = new StructType(new StructField[] {
        DataTypes.createStructField("h", DataTypes.DoubleType, true),
        DataTypes.createStructField("w", DataTypes.DoubleType, true)});
    List<Row> rows = List.of(RowFactory.create(180.0, 81.0), RowFactory.create(157.3, 92.4), RowFactory.create(null, 70.0));
    List<Row> out = SparkTestSession.get().createDataFrame(rows, schema).select(OutcomeScoring.bmi(col("h"), col("w"))).collectAsList();
    assertEquals(25.0, out.get(0).getDouble(0), 1e-12);
    assertEquals(OutcomeScoring.bmi(157.3, 92.4), out.get(1).getDouble(0), 1e-12);
    assertTrue(out.get(2).isNullAt(0));
  }
}
