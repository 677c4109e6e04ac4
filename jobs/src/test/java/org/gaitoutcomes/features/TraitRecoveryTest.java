package org.gaitoutcomes.features;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.simulate.SimulationParams;
import org.gaitoutcomes.simulate.SimulationTables;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our feature code recovers the simulator's latent traits (truth_outcomes' per-patient columns, never in the
 * input): on simulated exams and scans of {@link #PATIENTS} patients, correlations computed with Spark's
 * {@code corr} aggregate over the baseline features joined to the truth.
 */
class TraitRecoveryTest {
  static final long PATIENTS = 1000;
  static final long SEED = 7;

  @TempDir
  Path tmp;

  /** The raw (string) simulated table cast to its contract types, as ingest would curate it. */
  static Dataset<Row> typed(Dataset<Row> raw, String table) {
    StructType schema = Schemas.get(table).structType();
    return raw.select(Arrays.stream(schema.fields()).map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new));
  }

  @Test
  void featuresRecoverPronationAndLegLengthTraits() {
    SparkSession spark = SparkTestSession.get();
    SimulationParams p = SimulationParams.from(Settings.defaults());
    SimulationTables tables = new SimulationTables(spark, p, SEED, PATIENTS, 2, 0);
    String curated = tmp.resolve("curated").toUri().toString();
    typed(tables.patients(), Schemas.PATIENTS).write().parquet(curated + "/" + Schemas.PATIENTS);
    typed(tables.footExams(), Schemas.FOOT_EXAMS).write().parquet(curated + "/" + Schemas.FOOT_EXAMS);
    typed(tables.treatments(), Schemas.TREATMENTS).write().parquet(curated + "/" + Schemas.TREATMENTS);
    tables.gaitScans().write().parquet(curated + "/" + Schemas.GAIT_SCANS);
    String features = tmp.resolve("features").toUri().toString();
    FeaturesStage.run(spark, Settings.defaults(), curated, null, features);

    Dataset<Row> truth = tables.truthOutcomes().filter(col("follow_up_day").equalTo(0)).select(col("patient_id"),
        greatest(col("pronation_trait_l"), col("pronation_trait_r")).as("pronation_worse"), col("lld_true_mm"));
    Dataset<Row> joined = spark.read().parquet(features + "/baseline_features").join(truth, "patient_id");
    Row r = joined.agg(
        count(lit(1)),
        corr(col("arch_index_worse"), col("pronation_worse")),
        corr(col("cpei_worse"), col("pronation_worse")),
        corr(col("navicular_drop_worse_mm"), col("pronation_worse")),
        corr(col("lld_abs_mm"), abs(col("lld_true_mm"))),
        corr(col("lld_mm"), col("lld_true_mm")),
        corr(col("stance_time_si"), col("lld_true_mm")),
        // share of patients with |true LLD| >= 5 mm whose stance-time SI has the opposite sign of LLD
        // (LLD is left minus right; the longer leg's stance is longer, SI = (R - L) / mean)
        avg(when(abs(col("lld_true_mm")).geq(5), when(signum(col("stance_time_si")).equalTo(signum(col("lld_true_mm")).multiply(-1)), 1.0)
            .otherwise(0.0))),
        avg(col("cpei_worse")),
        avg(col("arch_index_worse"))).first(); // driver-safe: one row of aggregates
    String measured = String.format(java.util.Locale.ROOT,
        "n=%d corr(AI,pron)=%.3f corr(CPEI,pron)=%.3f corr(ND,pron)=%.3f corr(|LLD|,|trueLLD|)=%.3f corr(LLD,trueLLD)=%.3f "
            + "corr(SI,trueLLD)=%.3f SI sign share=%.3f mean CPEI=%.2f mean AI=%.3f",
        r.getLong(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4), r.getDouble(5), r.getDouble(6), r.getDouble(7),
        r.getDouble(8), r.getDouble(9));
    System.out.println("TraitRecoveryTest: " + measured);
    assertEquals(PATIENTS, r.getLong(0), measured);
    assertTrue(r.getDouble(1) >= 0.5, "arch index (worse side) vs latent pronation: " + measured);
    assertTrue(r.getDouble(2) <= -0.3, "CPEI (worse side) vs latent pronation: " + measured);
    assertTrue(r.getDouble(3) >= 0.6, "navicular drop (worse side) vs latent pronation: " + measured);
    // LLD: the exam measures each leg with Normal(0, 3.3 mm) error (simulate.conf), so the measured LLD has error SD
    // 3.3 x sqrt(2) = 4.67 mm against a true SD of 6.5 mm: corr(measured, true) = 6.5 / sqrt(6.5^2 + 2 x 3.3^2) = 0.812,
    // and corr(|measured|, |true|) = 0.619 by Monte Carlo (numpy, 10^6 draws, seed 1:
    //   t = 6.5 z1; m = t + 3.3 z2 - 3.3 z3; np.corrcoef(abs(m), abs(t))[0, 1]).
    // The features recover the true LLD up to that measurement error, no worse.
    assertEquals(0.812, r.getDouble(5), 0.04, "signed LLD feature vs true LLD: " + measured);
    assertEquals(0.619, r.getDouble(4), 0.05, "|LLD| feature vs true |LLD|: " + measured);
    assertTrue(r.getDouble(6) <= -0.5, "stance-time SI falls as LLD (left minus right) grows: " + measured);
    assertTrue(r.getDouble(7) >= 0.9, "stance-time SI sign follows LLD when |LLD| >= 5 mm: " + measured);
  }
}
