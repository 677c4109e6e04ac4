package org.gaitoutcomes.scans;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.schema.Schemas;

/** Conversions between plain-Java scans and steps and Spark rows of the gait_scans contract. */
public final class ScanRows {
  private ScanRows() {}

  /** The gait_scans contract schema. */
  public static StructType schema() {
    return Schemas.get(Schemas.GAIT_SCANS).structType();
  }

  /** The element type of the contract's {@code steps} column. */
  public static StructType stepType() {
    return (StructType) ((ArrayType) schema().apply("steps").dataType()).elementType();
  }

  /** A gait_scans row (contract column order) for one parsed foot; {@code steps} is null. */
  public static Row toRow(String scanId, String patientId, int visitDay, ParsedScan s) {
    Object[] frames = s.frames().toArray(new float[0][]);
    return RowFactory.create(scanId, patientId, visitDay, s.side(), s.device(), s.samplingHz(), s.rows(), s.cols(),
        s.rowSpacingMm(), s.colSpacingMm(), frames, null);
  }

  /** A contract {@code steps} element. */
  public static Row stepRow(StepSegmentation.Step s) {
    return RowFactory.create(s.startS(), s.endS(), s.peakKpa(), s.copXMm(), s.copYMm(), s.forceN());
  }

  /** A float array from a Spark array value (scala Seq of numbers, or float[]); null stays null, null elements are NaN. */
  public static float[] floats(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof float[] f) {
      return f;
    }
    scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
    int n = seq.length();
    float[] out = new float[n];
    scala.collection.Iterator<?> it = seq.iterator();
    for (int i = 0; i < n; i++) {
      Object o = it.next();
      out[i] = o == null ? Float.NaN : ((Number) o).floatValue();
    }
    return out;
  }

  /** A list of float arrays from a Spark array<array<float>> value (scala Seq, or a Java array of float[]). */
  public static List<float[]> floatArrays(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Object[] array) {
      List<float[]> out = new ArrayList<>(array.length);
      for (Object o : array) {
        out.add(floats(o));
      }
      return out;
    }
    scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
    List<float[]> out = new ArrayList<>(seq.length());
    scala.collection.Iterator<?> it = seq.iterator();
    while (it.hasNext()) {
      out.add(floats(it.next()));
    }
    return out;
  }

  /** Contract steps elements (Rows) from a Spark array<struct> value (scala Seq, or a Java Row[]). */
  public static List<Row> rows(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Row[] array) {
      return List.of(array);
    }
    scala.collection.Seq<?> seq = (scala.collection.Seq<?>) value;
    List<Row> out = new ArrayList<>(seq.length());
    scala.collection.Iterator<?> it = seq.iterator();
    while (it.hasNext()) {
      out.add((Row) it.next());
    }
    return out;
  }
}
