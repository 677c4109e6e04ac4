package org.gaitoutcomes.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.cohort.CohortStage;
import org.gaitoutcomes.compare.CompareStage;
import org.gaitoutcomes.features.FeaturesStage;
import org.gaitoutcomes.ingest.IngestStage;
import org.gaitoutcomes.pipeline.OutputLayout;
import org.gaitoutcomes.report.ReportStage;
import org.gaitoutcomes.report.ReportSummary;
import org.gaitoutcomes.simulate.SimulateStage;
import org.gaitoutcomes.spark.Progress;

/**
 * The real pipeline stages as benchmark stages, in order, with the DuckDB yardstick after simulate. Each
 * returns the units it processed, for rows per second: simulate patients, duckdb_scan rows counted, ingest rows read, features scan sides, cohort patients,
 * compare analysis rows, report files written. Each removes its own previous output
 * before running so every repetition does the same work. The population is simulated under
 * {@code <work>/input}; the pipeline writes under {@code <work>/out} with the layout of {@code run}.
 */
public final class BenchStages {
  private BenchStages() {}

  /** The I/O yardstick: DuckDB scanning ingest's input files ({@link DuckDbScan}). Not a pipeline stage. */
  public static final String DUCKDB_SCAN = "duckdb_scan";

  /** Each stage that has a yardstick, and the yardstick's name: the bench reports their time ratio. */
  public static final Map<String, String> YARDSTICKS = Map.of("ingest", DUCKDB_SCAN);

  /**
   * The stages named in {@code names}, in pipeline order. The DuckDB yardstick is left out, with a warning,
   * when DuckDB is not on the classpath (a cluster jar) or the bench works on a non-local file system.
   */
  public static List<BenchStage> named(List<String> names, String workRoot) {
    List<BenchStage> all = all();
    for (String n : names) {
      if (all.stream().noneMatch(s -> s.name().equals(n))) {
        throw new GaitException("unknown bench stage '" + n + "'; stages: " + all.stream().map(BenchStage::name).toList());
      }
    }
    boolean yardstick = names.contains(DUCKDB_SCAN);
    if (yardstick && !DuckDbScan.available()) {
      Progress.warn("bench: DuckDB is not on the classpath (jobs/target/bench-jars): the duckdb_scan yardstick is left out");
      yardstick = false;
    } else if (yardstick && !DuckDbScan.local(workRoot)) {
      Progress.warn("bench: DuckDB reads local files only: the duckdb_scan yardstick is left out");
      yardstick = false;
    }
    boolean withYardstick = yardstick;
    return all.stream().filter(s -> names.contains(s.name()) && (withYardstick || !s.name().equals(DUCKDB_SCAN))).toList();
  }

  /** Every stage in pipeline order. */
  public static List<BenchStage> all() {
    List<BenchStage> stages = new ArrayList<>();
    stages.add(stage("simulate", c -> List.of(input(c)),
        (spark, c) -> SimulateStage.run(spark, c.config(), c.patients(), input(c)).patients()));
    // Writes nothing: reads the simulated input that ingest reads next.
    stages.add(stage(DUCKDB_SCAN, c -> List.of(),
        (spark, c) -> DuckDbScan.totalRows(DuckDbScan.scan(spark.sparkContext().hadoopConfiguration(), input(c),
            spark.sparkContext().defaultParallelism()))));
    stages.add(stage("ingest", c -> List.of(layout(c).curated(), layout(c).root() + "/quarantine", layout(c).root() + "/ingest-summary.json"),
        (spark, c) -> IngestStage.run(spark, c.config(), input(c), layout(c).root()).tables().stream()
            .mapToLong(t -> t.rowsRead()).sum()));
    stages.add(stage("features", c -> List.of(layout(c).features()),
        (spark, c) -> FeaturesStage.run(spark, c.config(), layout(c).curated(), null, layout(c).features()).scanSides()));
    stages.add(stage("cohort", c -> List.of(layout(c).cohort(), layout(c).results() + "/attrition.json", layout(c).results() + "/attrition.csv"),
        (spark, c) -> CohortStage.run(spark, c.config(), layout(c).curated(), layout(c).baselineFeatures(),
            layout(c).cohort(), layout(c).results()).patients()));
    stages.add(stage("compare", BenchStages::compareOutputs,
        (spark, c) -> CompareStage.run(spark, c.config(), layout(c).cohort(), layout(c).results()).rowsRead()));
    stages.add(stage("report", c -> List.of(layout(c).report()),
        (spark, c) -> {
          ReportSummary s = ReportStage.run(spark, c.config(), layout(c).results(), null, layout(c).report() + "/report.html");
          return s.figures() + s.exportFiles();
        }));
    return stages;
  }

  /** What compare writes into the results folder (the cohort's attrition tables stay). */
  static List<String> compareOutputs(BenchStage.Context c) {
    List<String> out = new ArrayList<>();
    out.add(layout(c).results() + "/" + CompareStage.MODEL_FOLDER);
    for (String table : CompareStage.RESULT_TABLES) {
      out.add(layout(c).results() + "/" + table + ".json");
      out.add(layout(c).results() + "/" + table + ".csv");
    }
    return out;
  }

  static String input(BenchStage.Context c) {
    return c.workDir() + "/input";
  }

  static OutputLayout layout(BenchStage.Context c) {
    return new OutputLayout(c.workDir() + "/out");
  }

  /** Runs a stage's work after deleting what a previous repetition left. */
  interface Work {
    long run(SparkSession spark, BenchStage.Context context);
  }

  static BenchStage stage(String name, java.util.function.Function<BenchStage.Context, List<String>> outputs, Work work) {
    return new BenchStage() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long run(SparkSession spark, Context context) {
        for (String uri : outputs.apply(context)) {
          delete(spark, uri);
        }
        return work.run(spark, context);
      }
    };
  }

  static void delete(SparkSession spark, String uri) {
    Path p = new Path(uri);
    try {
      p.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(p, true);
    } catch (IOException e) {
      throw new GaitException("bench: cannot delete " + uri + ": " + e.getMessage(), e);
    }
  }
}
