package org.gaitoutcomes.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The real pipeline stages as benchmark stages, in order. Each returns the units it processed, for
 * rows per second: simulate patients, ingest rows read, features scan sides, cohort patients,
 * compare analysis rows, report files written. Each removes its own previous output
 * before running so every repetition does the same work. The population is simulated under
 * {@code <work>/input}; the pipeline writes under {@code <work>/out} with the layout of {@code run}.
 */
public final class BenchStages {
  private BenchStages() {}

  /** The stages named in {@code names}, in pipeline order. */
  public static List<BenchStage> named(List<String> names) {
    List<BenchStage> all = all();
    for (String n : names) {
      if (all.stream().noneMatch(s -> s.name().equals(n))) {
        throw new GaitException("unknown bench stage '" + n + "'; stages: " + all.stream().map(BenchStage::name).toList());
      }
    }
    return all.stream().filter(s -> names.contains(s.name())).toList();
  }

  /** Every stage in pipeline order. */
  public static List<BenchStage> all() {
    List<BenchStage> stages = new ArrayList<>();
    stages.add(stage("simulate", c -> List.of(input(c)),
        (spark, c) -> SimulateStage.run(spark, c.config(), c.patients(), input(c)).patients()));
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
    out.add(layout(c).results() + "/model");
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
