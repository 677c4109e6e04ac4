package org.gaitoutcomes.cohort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.schema.TableSchema;

/**
 * Small hand-made curated tables (contract schemas) written as Parquet folders, for cohort tests.
 * Every number the tests expect is worked out in {@link CohortStageTest} from these rows.
 */
final class CohortFixture {
  final List<Row> patients = new ArrayList<>();
  final List<Row> treatments = new ArrayList<>();
  final List<Row> outcomes = new ArrayList<>();
  final List<Row> features = new ArrayList<>();

  CohortFixture patient(String id, String sex, int age, Double heightCm, Double weightKg, Boolean priorOrthotic) {
    patients.add(RowFactory.create(id, sex, age, heightCm, weightKg, "S1", 6.5, 12.0, priorOrthotic));
    return this;
  }

  CohortFixture device(String id, String type, int startDay) {
    treatments.add(RowFactory.create(id, type, startDay, "none", 0.0, 0.9));
    return this;
  }

  /** An assessment with NRS only. */
  CohortFixture nrs(String id, int day, Integer nrs) {
    return assessment(id, day, nrs, new Integer[10], null);
  }

  CohortFixture assessment(String id, int day, Integer nrs, Integer[] odi, Integer rmdq) {
    Object[] v = new Object[14];
    v[0] = id;
    v[1] = day;
    v[2] = nrs;
    System.arraycopy(odi, 0, v, 3, 10);
    v[13] = rmdq;
    outcomes.add(RowFactory.create(v));
    return this;
  }

  /** A baseline_features row: the named values, every other column null. */
  CohortFixture features(String id, Map<String, Object> values) {
    TableSchema schema = Schemas.get(Schemas.BASELINE_FEATURES);
    Object[] v = new Object[schema.columns().size()];
    for (int i = 0; i < v.length; i++) {
      ColumnSpec c = schema.columns().get(i);
      v[i] = c.name().equals("patient_id") ? id : values.get(c.name());
    }
    features.add(RowFactory.create(v));
    return this;
  }

  static Integer[] odi(Integer... sections) {
    return sections;
  }

  /** Writes curated/{patients,treatments,outcomes}/ and features/ below {@code dir}, each in {@code partitions} files. */
  void write(SparkSession spark, Path dir, int partitions) {
    write(spark, patients, Schemas.PATIENTS, dir.resolve("curated/patients"), partitions);
    write(spark, treatments, Schemas.TREATMENTS, dir.resolve("curated/treatments"), partitions);
    write(spark, outcomes, Schemas.OUTCOMES, dir.resolve("curated/outcomes"), partitions);
    write(spark, features, Schemas.BASELINE_FEATURES, dir.resolve("features"), partitions);
  }

  private static void write(SparkSession spark, List<Row> rows, String table, Path folder, int partitions) {
    spark.createDataFrame(rows, Schemas.get(table).structType()).repartition(partitions)
        .write().mode(SaveMode.Overwrite).parquet(folder.toUri().toString());
  }
}
