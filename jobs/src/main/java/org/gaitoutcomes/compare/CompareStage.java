package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.compare.CompareSpec.Outcome;
import org.gaitoutcomes.compare.DiagnosticRow.Subject;
import org.gaitoutcomes.compare.EffectScales.Effect;
import org.gaitoutcomes.compare.Estimators.Bootstrap;
import org.gaitoutcomes.results.ResultTable;
import org.gaitoutcomes.spark.Progress;

/**
 * The compare stage: on any analysis table (one row per patient), fits the propensity model, checks
 * the design (balance, overlap, equipoise, separation), estimates every outcome x estimand x method
 * with influence-function and bootstrap uncertainty, then subgroups, effect modifiers and sensitivity
 * checks, and writes the result tables and the fitted pipeline into {@code outputUri}.
 */
public final class CompareStage {
  private CompareStage() {}

  /** What the stage did, for the run manifest and the log (aggregates only). */
  public record CompareSummary(long rowsRead, long rowsExcluded, long treated, long control, int estimates,
      List<String> covariatesUsed, Map<String, String> covariatesExcluded, List<String> warnings,
      Map<String, Double> propensityCoefficients, double seconds, Map<String, Long> sparkJobs) {}

  /** The propensity model cannot be fitted (a single arm, or every covariate separates the arms): no adjusted method can run. */
  static final class NoPropensityModel extends GaitException {
    private static final long serialVersionUID = 1L;

    NoPropensityModel(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The folder of the fitted models inside the results, and the propensity pipeline's folder inside it ({@link StudyModels}). */
  public static final String MODEL_FOLDER = "model";
  public static final String PROPENSITY_PIPELINE = "propensity";

  /** The result tables compare writes (NAME.json and NAME.csv each), in this order. */
  public static final List<String> RESULT_TABLES = List.of("estimates", "balance", "diagnostics", "subgroups", "curves", "effect_modifiers");

  public static CompareSummary run(SparkSession spark, Config config, String cohortUri, String outputUri) {
    CompareSpec spec = CompareSpec.from(config);
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<StudyModels.InputFile> inputs = new ArrayList<>();
    int k = 0;
    for (org.apache.hadoop.fs.FileStatus f : org.gaitoutcomes.io.HadoopFiles.listDataFiles(conf, cohortUri)) {
      inputs.add(new StudyModels.InputFile(org.gaitoutcomes.provenance.RunManifest.shownFileName("cohort", f.getPath().getName(), ++k), f.getLen(),
          org.gaitoutcomes.io.HadoopFiles.checksum(conf, f)));
    }
    // Shuffles (matching, the distributed joins) sized from the table, not Spark's fixed 200 partitions.
    long bytes = org.gaitoutcomes.spark.SparkSessions.bytesUnder(conf, cohortUri);
    return org.gaitoutcomes.spark.SparkSessions.withShufflesSizedFor(spark, bytes,
        () -> {
          AnalysisTable.Read read = AnalysisTable.readWithCounts(spark, cohortUri);
          return run(spark, spec, read.table(), read.valueCounts(), outputUri, inputs);
        });
  }

  /** Runs the analysis on an analysis table already loaded. */
  public static CompareSummary run(SparkSession spark, CompareSpec spec, Dataset<Row> table, String outputUri) {
    return run(spark, spec, table, null, outputUri, List.of());
  }

  private static CompareSummary run(SparkSession spark, CompareSpec spec, Dataset<Row> table, Map<String, Long> valueCounts, String outputUri,
      List<StudyModels.InputFile> inputs) {
    long start = System.nanoTime();
    AvailableCovariates available = AvailableCovariates.of(table, spec, valueCounts);
    Analysis a = new Analysis(spark, available.spec(), table);
    a.inputFiles = inputs;
    a.outputUri = outputUri;
    available.diagnostic().ifPresent(a.diagnostics::add);
    Map<String, Long> jobs;
    try {
      a.jobs.step("compare: other steps", () -> {
        try {
          a.run();
        } catch (NoPropensityModel e) {
          // Too small or too separated for any adjusted method: results say why, the report still renders.
          a.warnings.add(e.getMessage());
          a.diagnostic("no_adjusted_methods", "propensity_model", Subject.adjustment("propensity_model", null), null, "a propensity model can be fitted", false,
              "No adjusted comparison could be made: " + e.getMessage());
        }
        a.step("compare: write", () -> {
          a.write(outputUri);
          return a.estimates.size();
        }, n -> n + " estimates and the fitted models written");
        return null;
      });
      jobs = a.jobs.counts();
    } finally {
      a.release();
      a.jobs.close();
    }
    Progress.info("compare: " + jobs.get("total") + " Spark jobs " + jobs);
    return new CompareSummary(a.prepared.rowsRead(), a.prepared.rowsExcluded(), a.nTreated, a.nControl, a.estimates.size(),
        a.ps == null ? List.of() : a.ps.covariates(), a.ps == null ? Map.of() : a.ps.excluded(), a.warnings,
        a.ps == null ? Map.of() : a.coefficients(), (System.nanoTime() - start) / 1e9, jobs);
  }

  /** The state of one analysis run (driver-side aggregates and cached distributed datasets). */
  static final class Analysis {
    final SparkSession spark;
    final CompareSpec spec;
    final Dataset<Row> table;
    final List<EstimateRow> estimates = new ArrayList<>();
    final List<Balance.Row> balance = new ArrayList<>();
    final List<DiagnosticRow> diagnostics = new ArrayList<>();
    final List<SubgroupRow> subgroups = new ArrayList<>();
    final List<CurvePoint> curves = new ArrayList<>();
    final List<EffectModifierRow> modifiers = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<JavaRDD<?>> cached = new ArrayList<>();
    /** Distributed datasets kept for the outcome being analysed only (also in {@link #cached}, in case the stage fails). */
    final List<JavaRDD<?>> outcomeCached = new ArrayList<>();
    final List<Dataset<Row>> cachedFrames = new ArrayList<>();
    AnalysisTable.Prepared prepared;
    PropensityModel.Fit ps;
    Dataset<Row> design;
    Estimators.Truncation truncation;
    /** The propensity model with its bootstrap replicate coefficients. */
    Estimators.Propensity propensity;
    List<List<String>> subgroupLevels = new ArrayList<>();
    long nTreated;
    long nControl;
    Bootstrap boot;
    /** True when the analysable rows are few enough to be analysed in the driver's memory (gait.study.in-memory-max-rows). */
    boolean inMemory;
    /** The DR-learner's effect-modifier features (numeric design columns), carried by every unit. */
    List<String> modifierFeatures = List.of();
    /** The measures whose adjusted trajectories are drawn; the units without an outcome carry their values. */
    List<Trajectories.Series> trajectorySeries = List.of();
    /** In memory: the design's rows as {@link #units} reads them, with every outcome's columns (collected once; null until then). */
    List<Row> designRows;
    /** The design frame {@link #designRows} were collected from (they are collected again if the design changes). */
    Dataset<Row> designRowsOf;
    /** Matching weights per row key when matching ran in memory (null otherwise). */
    Map<Long, Double> matchWeights;
    /** The matched pairs (treated key to its controls' keys) when matching ran in memory; {@link #matchPairFrame} otherwise. */
    Map<Long, long[]> matchPairs;
    /** The matched pairs {@code (t_key, c_key)} when matching ran as Spark jobs. */
    Dataset<Row> matchPairFrame;

    /** Where the results go. */
    String outputUri;
    /** The propensity pipeline's save, which runs beside the estimation (its Spark jobs are small and latency-bound). */
    java.util.concurrent.FutureTask<Void> pipelineSave;

    /** Every outcome's fitted models, and the effect-modifier model (results/model/models.json). */
    final List<StudyModels.OutcomeModels> outcomeModels = new ArrayList<>();
    StudyModels.EffectModifierModel modifierModel;
    /** The input files of the analysis table, for the models' provenance (empty for a table given as a Dataset). */
    List<StudyModels.InputFile> inputFiles = List.of();

    /** Spark jobs per step (run.json, bench). */
    final org.gaitoutcomes.spark.JobCounts jobs;

    Analysis(SparkSession spark, CompareSpec spec, Dataset<Row> table) {
      this.jobs = org.gaitoutcomes.spark.JobCounts.attach(spark);
      this.spark = spark;
      this.spec = spec;
      this.table = table;
      this.boot = new Bootstrap(spec.bootstrapReplicates(), spec.bootstrapSeed());
    }

    void run() {
      prepared = step("compare: prepare", () -> AnalysisTable.prepare(table, spec, requiredColumns()),
          p -> p.rowsRead() + " rows, " + p.rowsExcluded() + " excluded for a missing treatment or covariate");
      if (prepared.rowsRead() == prepared.rowsExcluded()) {
        throw new GaitException("no analysable rows: every row misses the treatment or a covariate " + prepared.missingByColumn());
      }
      long analysable = prepared.rowsRead() - prepared.rowsExcluded();
      inMemory = analysable <= spec.inMemoryMaxRows();
      Progress.info("compare: " + (inMemory ? "analysing in memory (" + analysable + " rows <= gait.study.in-memory-max-rows " + spec.inMemoryMaxRows() + ")"
          : "analysing distributed (" + analysable + " rows > gait.study.in-memory-max-rows " + spec.inMemoryMaxRows() + ")"));
      diagnostic("excluded_rows", "design", Subject.DESIGN, (double) prepared.rowsExcluded(), "informational", null,
          "Rows left out because the treatment or a covariate is missing (per column: " + prepared.missingByColumn() + "); estimates apply to the rest.");
      Dataset<Row> rows = prepared.rows().persist(StorageLevel.MEMORY_AND_DISK());
      cachedFrames.add(rows);
      try {
        ps = step("compare: propensity model", () -> PropensityModel.fit(rows, AnalysisTable.T, spec.covariates(), prepared.categorical(), spec, inMemory),
          f -> f.featureNames().size() + " terms, excluded " + f.excluded().keySet());
      } catch (GaitException e) {
        throw new NoPropensityModel(e.getMessage(), e);
      }
      startPipelineSave();
      ps.excluded().forEach((c, why) -> {
        warnings.add("covariate " + c + " excluded from the propensity model: " + why);
        diagnostic("separation", c, Subject.covariate(c), null, "no covariate determines treatment", false,
            "Covariate " + c + " (nearly) determines treatment (" + why + "), so it was excluded from the propensity model: patients with it have no comparable counterparts.");
      });
      for (String w : ps.warnings()) {
        warnings.add(w);
        diagnostic("separation", "fitted_propensity", Subject.adjustment("propensity_model", null), null, "propensity within (" + spec.extremePs() + ", 1 - " + spec.extremePs() + ")", false,
            "Some patients' treatment is nearly certain from their covariates (" + w + "); their weights are extreme and effects for them rest on extrapolation.");
      }
      design = buildDesign(rows).persist(StorageLevel.MEMORY_AND_DISK());
      if (spec.conditionalEffects()) {
        modifierFeatures = EffectModifiers.usable(design, spec);
      }
      trajectorySeries = Trajectories.find(List.of(design.columns()), spec.trajectories());
      cachedFrames.add(design);
      truncation = truncationBounds();
      if (inMemory && spec.methods().contains("matching")) {
        addMatchingInMemory(((UnitSource.ListSource) units(design, null)).units());
      } else if (spec.methods().contains("matching")) {
        addMatching();
      }
      UnitSource units = units(design, null);
      propensity = Estimators.withBootstrap(units, ps.propensity(), boot);
      step("compare: design diagnostics", () -> {
        designDiagnostics(units);
        return diagnostics.size();
      }, n -> n + " diagnostics");
      for (Outcome o : spec.outcomes()) {
        step("compare: outcome " + o.name(), () -> {
          analyseOutcome(o, o.name().equals(spec.primaryOutcome()));
          return o.name();
        }, n -> "estimated");
      }
      if (!trajectorySeries.isEmpty()) {
        step("compare: trajectories", () -> {
          trajectories(units);
          return trajectorySeries.size();
        }, n -> n + " measures");
      }
      step("compare: sensitivity", () -> {
        spec.negativeControls().forEach(this::negativeControl);
        if (spec.placeboTreatment()) {
          placebo();
        }
        return spec.negativeControls().size();
      }, n -> n + " negative controls" + (spec.placeboTreatment() ? " and the placebo treatment" : ""));
    }

    /** Starts writing the fitted propensity pipeline into results/model/propensity on a thread of its own; {@link #write} waits for it. */
    void startPipelineSave() {
      String uri = outputUri + "/" + MODEL_FOLDER + "/" + PROPENSITY_PIPELINE;
      org.apache.spark.ml.PipelineModel pipeline = ps.pipeline();
      pipelineSave = new java.util.concurrent.FutureTask<>(() -> jobs.step("compare: save propensity pipeline", () -> {
        try {
          pipeline.write().overwrite().save(uri);
        } catch (IOException e) {
          throw new GaitException("cannot write the propensity pipeline to " + uri + ": " + e.getMessage(), e);
        }
        return null;
      }));
      Thread t = new Thread(pipelineSave, "gait-save-propensity-pipeline");
      t.setDaemon(true);
      t.start();
    }

    /** Waits for the propensity pipeline's save; its failure is the stage's. */
    void awaitPipelineSave() {
      if (pipelineSave == null) {
        return;
      }
      try {
        pipelineSave.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GaitException("interrupted while writing the propensity pipeline", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new GaitException(e.getCause().getMessage(), e.getCause());
      }
    }

    /** Ridge penalty of the observation model when maximum likelihood does not converge. */
    static final double OBSERVATION_RIDGE = 1.0;

    /** The linear outcome models of g-computation's companions, aipw_linear and the DR-learner: one fit per arm, or cross-fitted when the spec asks. */
    Estimators.OutcomeFit linearFit(UnitSource units) {
      return Estimators.linearFit(units, spec.crossFitLinear() ? spec.folds() : 1);
    }

    /** A logged, timed step whose Spark jobs are counted under its name. */
    <T> T step(String name, java.util.function.Supplier<T> work, java.util.function.Function<T, String> describe) {
      return jobs.step(name, () -> Progress.stage(name, work, describe));
    }

    long analysableRows() {
      return prepared.rowsRead() - prepared.rowsExcluded();
    }

    List<String> requiredColumns() {
      List<String> cols = new ArrayList<>();
      cols.add(spec.treatment());
      cols.addAll(spec.covariates());
      for (Outcome o : spec.outcomes()) {
        if (o.kind().equals("time_to_event")) {
          cols.add(o.name() + "_day");
          cols.add(o.name() + "_event");
        } else {
          cols.add(o.name());
        }
      }
      cols.addAll(spec.negativeControls());
      if (!spec.outcomes().stream().anyMatch(o -> o.name().equals(spec.primaryOutcome()))) {
        throw new GaitException("gait.study.primary.outcome " + spec.primaryOutcome() + " is not among the outcomes "
            + spec.outcomes().stream().map(Outcome::name).toList());
      }
      return cols;
    }

    Map<String, Double> coefficients() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("(intercept)", ps.beta()[0]);
      for (int j = 0; j < ps.featureNames().size(); j++) {
        m.put(ps.featureNames().get(j), ps.beta()[j + 1]);
      }
      return m;
    }

    /** Encoded features, propensity and logit, subgroup level indices. */
    Dataset<Row> buildDesign(Dataset<Row> rows) {
      Dataset<Row> d = ps.pipeline().transform(rows)
          .withColumn("_e", org.apache.spark.ml.functions.vector_to_array(col("_ps_probability"), "float64").getItem(1))
          .withColumn("_lg", linearPredictor(ps.beta()).apply(col(PropensityModel.FEATURES)));
      int groups = spec.subgroups().size();
      for (int i = 0; i < groups; i++) {
        CompareSpec.Subgroup sg = spec.subgroups().get(i);
        try {
          d = d.withColumn("_sg" + i, expr(sg.expr()).cast("string"));
        } catch (RuntimeException e) {
          throw new GaitException("subgroup " + sg.name() + " (gait.study.subgroups): expression '" + sg.expr() + "' is invalid: "
              + AnalysisTable.firstLine(e.getMessage()), e);
        }
      }
      if (groups == 0) {
        return d;
      }
      // The distinct levels of every subgroup variable in one job: (group, level) pairs, deduplicated, then per group.
      Column[] pairs = new Column[groups];
      for (int i = 0; i < groups; i++) {
        pairs[i] = org.apache.spark.sql.functions.struct(lit(i).as("g"), col("_sg" + i).as("v"));
      }
      List<Row> found;
      try {
        found = d.select(org.apache.spark.sql.functions.explode(array(pairs)).as("p")).select("p.g", "p.v").where(col("v").isNotNull()).distinct()
            .groupBy("g").agg(org.apache.spark.sql.functions.count(lit(1)).as("n"),
                org.apache.spark.sql.functions.slice(org.apache.spark.sql.functions.sort_array(org.apache.spark.sql.functions.collect_list("v")), 1, 51).as("levels"))
            // driver-safe: one row per subgroup variable with at most 51 levels
            .collectAsList();
      } catch (RuntimeException e) {
        throw new GaitException("subgroups (gait.study.subgroups): an expression fails on the data: " + AnalysisTable.firstLine(e.getMessage()), e);
      }
      Map<Integer, List<String>> byGroup = new java.util.HashMap<>();
      for (Row r : found) {
        if (r.getLong(1) > 50) {
          throw new GaitException("subgroup " + spec.subgroups().get(r.getInt(0)).name() + " has more than 50 levels: use an expression with a few bands");
        }
        byGroup.put(r.getInt(0), r.getList(2));
      }
      for (int i = 0; i < groups; i++) {
        List<String> levels = byGroup.getOrDefault(i, List.of()).stream().sorted().toList();
        subgroupLevels.add(levels);
        Column[] lits = levels.stream().map(functions_lit()).toArray(Column[]::new);
        d = d.withColumn("_sgi" + i, levels.isEmpty() ? lit(-1) : array_position(array(lits), col("_sg" + i)).cast("int").minus(1));
      }
      return d;
    }

    /**
     * The logit of the propensity score as the matching uses it: the model's linear predictor computed
     * by the same code as the in-memory path ({@code dot(beta, x)}), so both paths see bit-identical
     * logits and break near-ties alike.
     */
    static org.apache.spark.sql.expressions.UserDefinedFunction linearPredictor(double[] beta) {
      return org.apache.spark.sql.functions.udf((org.apache.spark.sql.api.java.UDF1<Vector, Double>) v -> CausalMath.dot(beta, PropensityModel.design(v)),
          org.apache.spark.sql.types.DataTypes.DoubleType);
    }

    private static java.util.function.Function<String, Column> functions_lit() {
      return org.apache.spark.sql.functions::lit;
    }

    /**
     * Per-arm propensity percentiles at which weights are truncated (null: no truncation), computed
     * from the same propensities the weights use (the units' e), so a unit at a bound is clamped or
     * not by exact comparison of the same numbers.
     */
    Estimators.Truncation truncationBounds() {
      double q = spec.truncatePercentile();
      if (q <= 0) {
        return null;
      }
      UnitSource base = units(design, null);
      org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("t", "double").add("e", "double");
      Dataset<Row> scores = base instanceof UnitSource.ListSource local
          ? spark.createDataFrame(local.units().stream().map(u -> org.apache.spark.sql.RowFactory.create(u.t, u.e)).toList(), schema)
          : spark.createDataFrame(((UnitSource.RddSource) base).rdd().map(u -> org.apache.spark.sql.RowFactory.create(u.t, u.e)), schema);
      double[] t = scores.filter(col("t").equalTo(1)).stat().approxQuantile("e", new double[] {q, 1 - q}, 1e-4);
      double[] c = scores.filter(col("t").equalTo(0)).stat().approxQuantile("e", new double[] {q, 1 - q}, 1e-4);
      return new Estimators.Truncation(t[0], t[1], c[0], c[1]);
    }

    void addMatching() {
      // driver-safe: one standard deviation
      Row sd = design.agg(org.apache.spark.sql.functions.stddev_samp("_lg")).first();
      double caliper = spec.caliperSd() * sd.getDouble(0);
      Dataset<Row> logits = design.select(AnalysisTable.KEY, AnalysisTable.T, "_lg");
      if (!spec.matchReplace() && spec.matchOrder().equals("largest")) {
        warnings.add("matching: the sequential greedy order (gait.study.matching.order = largest) needs the analysis in memory; "
            + "this table is analysed distributed, so the parallel greedy rounds were used");
        Progress.warn(warnings.get(warnings.size() - 1));
      }
      Matching.Result m = step("compare: matching", () -> spec.matchReplace()
          ? Matching.match(logits, spec.matchRatio(), caliper)
          : Matching.matchWithoutReplacement(logits, spec.matchRatio(), caliper, spec.matchRounds()),
          r -> r.treatedMatched() + " treated matched, " + r.treatedUnmatched() + " unmatched");
      cachedFrames.add(m.weights());
      cachedFrames.add(m.pairs());
      matchPairFrame = m.pairs();
      Dataset<Row> withWeights = design.join(m.weights().drop("_is_t"), new String[] {AnalysisTable.KEY}, "left")
          .withColumn("_wm", org.apache.spark.sql.functions.coalesce(col("_wm"), lit(0.0)))
          .persist(StorageLevel.MEMORY_AND_DISK());
      cachedFrames.add(withWeights);
      design = withWeights;
      matchedDiagnostic(caliper, m.treatedMatched(), m.treatedUnmatched(), m.controlsUsed());
    }

    /** Matching in the driver's memory (small analysis tables): the same matches as {@link #addMatching()}. */
    void addMatchingInMemory(List<AnalysisUnit> base) {
      int n = base.size();
      long[] keys = new long[n];
      double[] t = new double[n];
      double[] lg = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        AnalysisUnit u = base.get(i);
        keys[i] = u.key;
        t[i] = u.t;
        lg[i] = CausalMath.dot(ps.beta(), u.x);
        sum += lg[i];
      }
      double mean = sum / n;
      double ss = 0;
      for (double x : lg) {
        ss += (x - mean) * (x - mean);
      }
      double caliper = spec.caliperSd() * Math.sqrt(ss / (n - 1));
      if (!spec.matchReplace() && !spec.matchOrder().equals("largest")) {
        // Parallel rounds without replacement run as Spark jobs (the same code as the distributed path).
        addMatching();
        return;
      }
      Matching.InMemoryResult m = step("compare: matching", () -> spec.matchReplace()
          ? Matching.matchInMemory(keys, t, lg, spec.matchRatio(), caliper)
          : Matching.matchSequentialInMemory(keys, t, lg, spec.matchRatio(), caliper),
          r -> r.treatedMatched() + " treated matched, " + r.treatedUnmatched() + " unmatched");
      matchWeights = m.weights();
      matchPairs = m.pairs();
      matchedDiagnostic(caliper, m.treatedMatched(), m.treatedUnmatched(), m.controlsUsed());
    }

    /** Unmatched treated patients (set with the matching diagnostic). */
    long unmatchedTreated;

    String matchingNote() {
      return (spec.matchReplace()
          ? "SE clustered by matched pair and by patient (a comparator can serve several treated; Austin & Cafri 2020, as MatchIt advises)"
          : "SE clustered by matched pair (as MatchIt advises for matching without replacement)")
          + ", with the matched set held fixed"
          + (unmatchedTreated > 0 ? "; some treated patients had no comparator within the caliper (diagnostic matched_treated), so the estimand is the effect among the matched treated, not the ATT of all treated" : "");
    }

    /**
     * The matching estimate: weighted arm means with the matching weights (bootstrap with the weights
     * held fixed), and the pair-cluster variance of {@link MatchedVariance} in place of the unit-level sandwich.
     */
    ArmMeans matched(UnitSource units) {
      UnitSource weighted = units.map(u -> {
        u.fixedWeight = u.matchWeight;
        return u;
      });
      ArmMeans w = Estimators.weighted(weighted, null, null, null, boot);
      double[] totals = weighted.sum(2, (u, a) -> {
        if (u.observed()) {
          a[u.t > 0 ? 0 : 1] += Estimators.analysisWeight(u, null);
        }
      });
      if (weighted instanceof UnitSource.ListSource && matchPairs == null) {
        // In-memory analysis matched by the parallel rounds (Spark jobs): its pairs are few, one per matched treated.
        matchPairs = new java.util.TreeMap<>();
        // driver-safe: the analysis is in memory, so the pairs are at most its treated x ratio rows
        for (Row r : matchPairFrame.collectAsList()) {
          long[] old = matchPairs.getOrDefault(r.getLong(0), new long[0]);
          long[] grown = java.util.Arrays.copyOf(old, old.length + 1);
          grown[old.length] = r.getLong(1);
          matchPairs.put(r.getLong(0), grown);
        }
      }
      double[] v = weighted instanceof UnitSource.ListSource local
          ? MatchedVariance.inMemory(local.units(), matchPairs, w.mu1(), w.mu0(), totals[0], totals[1])
          : MatchedVariance.distributed(spark, ((UnitSource.RddSource) weighted).rdd(), matchPairFrame, w.mu1(), w.mu0(), totals[0], totals[1]);
      return new ArmMeans(w.mu1(), w.mu0(), v[0], v[1], v[2], w.n1(), w.n0(), w.ess1(), w.ess0(), w.boot1(), w.boot0(), "cluster_sandwich", w.note());
    }

    /** The matched share as a diagnostic (counts stay in the numbers, the report words them). */
    void matchedDiagnostic(double caliper, long matched, long unmatched, long controlsUsed) {
      unmatchedTreated = unmatched;
      double share = (double) matched / (matched + unmatched);
      diagnostic("matched_treated", "matching_ATT", Subject.adjustment("matching", Estimand.ATT), share, ">= 0.90", share >= 0.9,
          String.format(Locale.ROOT, "Share of treated patients with a comparator within the caliper (%.3f on the logit; %d unmatched, %d comparators used); the matching ATT describes only the matched treated.",
              caliper, unmatched, controlsUsed));
    }

    /**
     * Units for the estimators from the design (and an outcome column when given): the propensity
     * from the model's coefficients, truncation, trimming, fold and subgroup levels. In memory, units of
     * the design itself come from {@link #designRows}, collected once for every outcome; otherwise each
     * call is one pass over the frame (a collect in memory, a persisted RDD when distributed).
     */
    UnitSource units(Dataset<Row> frame, Outcome outcome) {
      List<Column> cols = new ArrayList<>(List.of(col(AnalysisTable.KEY), col(AnalysisTable.T), col(PropensityModel.FEATURES), col(AnalysisTable.FOLD)));
      cols.addAll(outcomeColumns(null));
      cols.add(hasColumn(frame, "_wm") ? col("_wm") : lit(0.0));
      for (int i = 0; i < spec.subgroups().size(); i++) {
        cols.add(col("_sgi" + i));
      }
      cols.add(hasColumn(frame, "_m1f") ? col("_m1f") : lit(null).cast("double"));
      cols.add(hasColumn(frame, "_m0f") ? col("_m0f") : lit(null).cast("double"));
      List<String> mods = modifierFeatures;
      for (String m : mods) {
        cols.add(col(m).cast("double"));
      }
      // Further cross-fitting repetitions of the MLlib flexible learner (FlexibleLearner.withPredictions).
      int repeats = hasColumn(frame, "_m1f1") ? spec.crossFitRepeats() : 1;
      for (int r = 1; r < repeats; r++) {
        cols.add(col("_m1f" + r));
        cols.add(col("_m0f" + r));
      }
      List<Column> trajectory = Trajectories.values(trajectorySeries);
      int points = outcome == null ? trajectory.size() : 0;
      int designOutcome = outcome == null ? -1 : designOutcomes().indexOf(outcome);
      boolean fromDesignRows = inMemory && frame == design && (outcome == null || designOutcome >= 0);
      if (fromDesignRows || outcome == null) {
        cols.addAll(trajectory);
      }
      // Where the outcome and its event indicator are: in the row read for this call, or among the design rows' outcome columns.
      int yAt = 4;
      if (fromDesignRows && outcome != null) {
        yAt = cols.size() + 2 * designOutcome;
      } else if (outcome != null) {
        cols.set(4, outcomeColumns(outcome).get(0));
        cols.set(5, outcomeColumns(outcome).get(1));
      }
      int y = yAt;
      double[] beta = ps.beta();
      Estimators.Truncation trunc = truncation;
      double trim = spec.trim();
      int groups = spec.subgroups().size();
      RowToUnit toUnit = r -> {
        AnalysisUnit u = new AnalysisUnit(r.getLong(0), r.getDouble(1), PropensityModel.design((Vector) r.get(2)), r.isNullAt(y) ? Double.NaN : r.getDouble(y));
        u.fold = r.getInt(3);
        u.event = r.isNullAt(y + 1) ? Double.NaN : r.getDouble(y + 1);
        u.matchWeight = r.getDouble(6);
        u.levels = new int[groups];
        for (int i = 0; i < groups; i++) {
          u.levels[i] = r.isNullAt(7 + i) ? -1 : r.getInt(7 + i);
        }
        u.m1 = r.isNullAt(7 + groups) ? Double.NaN : r.getDouble(7 + groups);
        u.m0 = r.isNullAt(8 + groups) ? Double.NaN : r.getDouble(8 + groups);
        if (!mods.isEmpty()) {
          u.modifiers = new double[mods.size()];
          for (int i = 0; i < mods.size(); i++) {
            u.modifiers[i] = r.isNullAt(9 + groups + i) ? Double.NaN : r.getDouble(9 + groups + i);
          }
        }
        if (repeats > 1) {
          u.m1Repeats = new double[repeats];
          u.m0Repeats = new double[repeats];
          u.m1Repeats[0] = u.m1;
          u.m0Repeats[0] = u.m0;
          int at = 9 + groups + mods.size();
          for (int rep = 1; rep < repeats; rep++) {
            u.m1Repeats[rep] = r.isNullAt(at) ? Double.NaN : r.getDouble(at);
            u.m0Repeats[rep] = r.isNullAt(at + 1) ? Double.NaN : r.getDouble(at + 1);
            at += 2;
          }
        }
        if (points > 0) {
          int at = 9 + groups + mods.size() + 2 * (repeats - 1);
          u.trajectory = new double[points];
          for (int k = 0; k < points; k++) {
            u.trajectory[k] = r.isNullAt(at + k) ? Double.NaN : r.getDouble(at + k);
          }
        }
        u.e = Estimators.propensity(beta, u.x);
        u.ew = trunc == null ? u.e : trunc.clamp(u.e, u.t);
        if (trim > 0 && (u.e < trim || u.e > 1 - trim)) {
          u.subset = 0;
        }
        return u;
      };
      if (inMemory) {
        UnitSource local = fromDesignRows
            ? UnitSource.of(designRows(cols).stream().map(toUnit::apply).toList())
            : UnitSource.of(frame.select(cols.toArray(Column[]::new)).javaRDD().map(toUnit::apply)).inMemory();
        Map<Long, Double> w = matchWeights;
        return w == null ? local : local.map(u -> {
          u.matchWeight = w.getOrDefault(u.key, 0.0);
          return u;
        });
      }
      JavaRDD<AnalysisUnit> rdd = frame.select(cols.toArray(Column[]::new)).javaRDD().map(toUnit::apply);
      rdd.persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(rdd);
      return UnitSource.of(rdd);
    }

    /** Reads one unit from a row of {@link #units}' columns. */
    @FunctionalInterface
    interface RowToUnit extends java.io.Serializable {
      AnalysisUnit apply(Row r);
    }

    /** An outcome's value and event-indicator columns (two nulls for none; the indicator is null unless time to event). */
    static List<Column> outcomeColumns(Outcome outcome) {
      if (outcome == null) {
        return List.of(lit(null).cast("double"), lit(null).cast("double"));
      }
      if (outcome.kind().equals("time_to_event")) {
        return List.of(col(outcome.name() + "_day").cast("double"), col(outcome.name() + "_event").cast("double"));
      }
      return List.of(col(outcome.name()).cast("double"), lit(null).cast("double"));
    }

    /** The outcomes the design rows carry: the study's outcomes, then the negative controls (continuous). */
    List<Outcome> designOutcomes() {
      List<Outcome> out = new ArrayList<>(spec.outcomes());
      for (String c : spec.negativeControls()) {
        out.add(new Outcome(c, "continuous"));
      }
      return out;
    }

    /**
     * In memory: the design's rows, with {@code cols} (the columns of a units call on the design without
     * an outcome, and the trajectory values) followed by every {@link #designOutcomes} outcome's two
     * columns, collected once: every outcome's units then come without a Spark job.
     */
    List<Row> designRows(List<Column> cols) {
      if (designRows == null || designRowsOf != design) {
        List<Column> all = new ArrayList<>(cols);
        designOutcomes().forEach(o -> all.addAll(outcomeColumns(o)));
        // driver-safe: in memory only, for analysis tables below gait.study.in-memory-max-rows
        List<Row> rows = new ArrayList<>(design.select(all.toArray(Column[]::new)).collectAsList());
        // In key order, as UnitSource.inMemory() holds units: the same sums however the table was partitioned.
        rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
        designRows = rows;
        designRowsOf = design;
      }
      return designRows;
    }

    static boolean hasColumn(Dataset<Row> d, String c) {
      return java.util.Arrays.asList(d.columns()).contains(c);
    }

    // ------------------------------------------------------------ design diagnostics

    /** A weighting of the design whose balance and effective sample sizes are reported. */
    private record Weighting(String adjustment, Subject subject, java.util.function.Supplier<double[]> balance,
        java.util.function.Supplier<double[]> ess) {}

    /**
     * The design's diagnostics: arm sizes, propensity AUC, equipoise, overlap, the propensity
     * histograms, and balance and effective sample sizes per weighting. The sums share one pass over
     * the units; the histograms need the propensity's range from it, so they take a second.
     */
    void designDiagnostics(UnitSource units) {
      int f = ps.featureNames().size();
      FusedPass pass = new FusedPass();
      PropensityDiagnostics.Extent extent = PropensityDiagnostics.extent(pass);
      java.util.function.Supplier<double[]> unadjusted = pass.sum(Balance.length(f), Balance.contribution(u -> 1.0, f));
      List<Weighting> weightings = new ArrayList<>();
      for (Estimand e : spec.estimands()) {
        Estimators.WeightFunction w = u -> u.subset * e.weight(u.ew, u.t);
        weightings.add(new Weighting(adjustmentName("iptw", e), Subject.adjustment("iptw", e),
            pass.sum(Balance.length(f), Balance.contribution(w, f)), pass.sum(ESS_SUMS, essContribution(w))));
      }
      if (spec.methods().contains("matching")) {
        Estimators.WeightFunction w = u -> u.matchWeight;
        weightings.add(new Weighting("matching_ATT", Subject.adjustment("matching", Estimand.ATT),
            pass.sum(Balance.length(f), Balance.contribution(w, f)), pass.sum(ESS_SUMS, essContribution(w))));
      }
      pass.run(units);
      double[] n = extent.counts().get();
      nTreated = (long) n[0];
      nControl = (long) n[1];
      double auc = units instanceof UnitSource.ListSource local ? PropensityDiagnostics.auc(local.units())
          : PropensityDiagnostics.auc(design.select(AnalysisTable.T, "_e"));
      diagnostic("propensity_auc", "design", Subject.DESIGN, auc, "informational", null, String.format(Locale.ROOT,
          "The covariates discriminate treated from comparator patients with AUC %.3f (0.5 = like a coin, near 1 = arms barely comparable).", auc));
      PropensityDiagnostics.Summary s = PropensityDiagnostics.summarise(units, spec.histogramBins(), extent);
      diagnostic("equipoise", "design", Subject.DESIGN, s.equipoiseFraction(), ">= 0.20", s.equipoiseFraction() >= 0.2, String.format(Locale.ROOT,
          "%.1f%% of patients have a preference score between 0.3 and 0.7 (Walker 2013): %s", 100 * s.equipoiseFraction(),
          s.equipoiseFraction() >= 0.2 ? "the arms are in clinical equipoise enough to compare." : "treatment choice is strongly predictable, so comparisons rest on few comparable patients."));
      diagnostic("overlap", "design", Subject.DESIGN, s.commonSupportFraction(), ">= 0.95", s.commonSupportFraction() >= 0.95, String.format(Locale.ROOT,
          "%.1f%% of patients lie in the common support of the propensity score (treated %.3f..%.3f, comparator %.3f..%.3f); outside it effects are extrapolated.",
          100 * s.commonSupportFraction(), s.minTreated(), s.maxTreated(), s.minControl(), s.maxControl()));
      int bins = spec.histogramBins();
      for (int b = 0; b < bins; b++) {
        curve("propensity", "unadjusted", "treated", (b + 0.5) / bins, s.histTreated()[b], null, null, (long) s.histTreated()[b]);
        curve("propensity", "unadjusted", "control", (b + 0.5) / bins, s.histControl()[b], null, null, (long) s.histControl()[b]);
      }
      addBalance("unadjusted", Subject.adjustment("unadjusted", null), unadjusted.get(), unadjusted.get());
      for (Weighting w : weightings) {
        addBalance(w.adjustment(), w.subject(), w.balance().get(), unadjusted.get());
        essDiagnostics(w.adjustment(), w.subject(), w.ess().get());
      }
    }

    static String adjustmentName(String method, Estimand e) {
      return e == Estimand.ATO ? "overlap_ATO" : method + "_" + e;
    }

    /** How many sums {@link #essContribution} adds into. */
    static final int ESS_SUMS = 6;

    /** Per arm: the sum of the weights, of their squares, and the number of units with a positive weight. */
    static UnitSource.Contribution essContribution(Estimators.WeightFunction w) {
      return (u, acc) -> {
        double x = w.apply(u);
        int o = u.t > 0 ? 0 : 3;
        acc[o] += x;
        acc[o + 1] += x * x;
        acc[o + 2] += x > 0 ? 1 : 0;
      };
    }

    void essDiagnostics(String adjustment, Subject subject, double[] s) {
      double essT = CausalMath.effectiveSampleSize(s[0], s[1]);
      double essC = CausalMath.effectiveSampleSize(s[3], s[4]);
      diagnostic("ess_treated", adjustment, subject, essT, "informational", null, String.format(Locale.ROOT,
          "The treated weights carry the information of %.1f unweighted patients (of %d).", essT, (long) s[2]));
      diagnostic("ess_control", adjustment, subject, essC, "informational", null, String.format(Locale.ROOT,
          "The comparator weights carry the information of %.1f unweighted patients (of %d); a small share means a few patients dominate.", essC, (long) s[5]));
    }

    void addBalance(String adjustment, Subject subject, double[] sums, double[] unadjusted) {
      List<Balance.Row> rows = Balance.rows(adjustment, sums, unadjusted, ps.featureNames());
      double maxSmd = 0;
      double worstVr = 1;
      for (Balance.Row r : rows) {
        balance.add(r);
        if (Double.isFinite(r.smd())) {
          maxSmd = Math.max(maxSmd, Math.abs(r.smd()));
        }
        if (Double.isFinite(r.varianceRatio()) && r.varianceRatio() > 0) {
          double dev = Math.max(r.varianceRatio(), 1 / r.varianceRatio());
          worstVr = Math.max(worstVr, dev);
        }
      }
      diagnostic("max_abs_smd", adjustment, subject, maxSmd, "< 0.1", maxSmd < 0.1, String.format(Locale.ROOT,
          "The largest standardized mean difference of any covariate is %.3f: %s", maxSmd,
          maxSmd < 0.1 ? "the arms are balanced on the measured covariates." : "the arms still differ on a measured covariate, so its confounding is not fully removed."));
      diagnostic("variance_ratio_range", adjustment, subject, worstVr, "between 0.5 and 2", worstVr <= 2, String.format(Locale.ROOT,
          "The most unequal covariate spread between arms is a factor %.2f (variance ratio or its inverse); %s", worstVr,
          worstVr <= 2 ? "spreads are comparable." : "a covariate is far more variable in one arm."));
    }

    // ------------------------------------------------------------ outcomes

    void analyseOutcome(Outcome o, boolean primary) {
      if (o.kind().equals("time_to_event")) {
        timeToEvent(o);
        return;
      }
      UnitSource raw = units(design, o);
      String kind = o.kind().equals("auto") ? detectKind(raw) : o.kind();
      ObservationModel obs = observationModel(o, raw);
      UnitSource units = obs.apply(raw);
      OutcomeContext ctx = new OutcomeContext(this, o, kind, units, obs.stacked(), false, () -> flexiblePredictions(o, obs, units));
      for (String name : spec.methods()) {
        ComparisonMethod method = ComparisonMethods.byName(name);
        if (!method.outcomeKinds().contains(kind)) {
          continue;
        }
        boolean primaryMethod = primary && name.equals(spec.primaryMethod());
        if (method.estimands().isEmpty()) {
          // A method without a target population (the crude difference): reported once, with estimand "crude".
          ArmMeans m = method.estimate(ctx, null);
          addEstimates(o.name(), kind, CRUDE, name, m, primaryMethod);
          if (primaryMethod) {
            primaryResults(ctx, m);
          }
          continue;
        }
        for (Estimand e : spec.estimands()) {
          if (!method.estimands().contains(e)) {
            continue;
          }
          boolean isPrimary = primaryMethod && e == spec.primaryEstimand();
          ArmMeans m = method.estimate(ctx, e);
          if (obs.used() && method.weightsMissingOutcomes()) {
            m = m.withNote("missing outcomes weighted by 1/P(observed | T, X)");
          }
          addEstimates(o.name(), kind, e, name, m, isPrimary);
          if (isPrimary) {
            primaryResults(ctx, m);
            if (obs.used() && method.completeCaseSensitivity()) {
              ArmMeans cc = method.estimate(ctx.completeCases(new ObservationModel(null, false).apply(raw)), e);
              addEstimates(o.name(), kind, e, name + "_complete_case", cc.withNote("sensitivity: complete cases only, no missing-outcome weights"), false);
            }
          }
        }
      }
      outcomeModels.add(new StudyModels.OutcomeModels(o.name(), kind, obs.gamma(), obs.ridge(), ctx.regressionFit(), spec.flexibleLearner(), ctx.forests()));
      outcomeCached.forEach(rdd -> rdd.unpersist(false));
      outcomeCached.clear();
    }

    /** The flexible learner's cross-fitted predictions for an outcome (every repetition), as one timed step. */
    FlexibleLearner.CrossFitted flexiblePredictions(Outcome o, ObservationModel obs, UnitSource units) {
      if (spec.flexibleLearner().equals("random_forest")) {
        FlexibleLearner.CrossFitted fitted = step("compare: flexible learner " + o.name(), () -> FlexibleLearner.crossFitForests(units, spec),
            f -> spec.crossFitRepeats() + " x " + spec.folds() * 2 + " forests");
        // Distributed, the predictions (every tree of every repetition, per unit) are computed once and
        // kept for the outcome's passes, not recomputed in each of them (at 1M rows about 5 s a pass).
        if (fitted.units() instanceof UnitSource.RddSource r) {
          r.rdd().persist(StorageLevel.MEMORY_AND_DISK());
          cached.add(r.rdd());
          outcomeCached.add(r.rdd());
        }
        return fitted;
      }
      Dataset<Row> frame = step("compare: flexible learner " + o.name(), () -> FlexibleLearner.withPredictions(design, o.name(), spec, analysableRows(), cachedFrames)
          .persist(StorageLevel.MEMORY_AND_DISK()), f -> spec.crossFitRepeats() + " x " + spec.folds() * 2 + " models");
      cachedFrames.add(frame);
      return new FlexibleLearner.CrossFitted(obs.apply(units(frame, o)), List.of());
    }

    String detectKind(UnitSource units) {
      double[] s = units.sum(2, (u, a) -> {
        if (!Double.isNaN(u.y)) {
          a[0] += 1;
          a[1] += u.y == 0 || u.y == 1 ? 1 : 0;
        }
      });
      return s[0] > 0 && s[0] == s[1] ? "binary" : "continuous";
    }

    /** Missing outcomes: inverse-probability-of-observation weights from a logistic model on treatment and covariates (MAR given baseline). */
    record ObservationModel(double[] gamma, double[][] informationInverse, boolean used, double ridge) implements java.io.Serializable {
      ObservationModel(double[] gamma, boolean used) {
        this(gamma, null, used, 0);
      }

      /** The model for the IPTW sandwich (null when no outcome is missing). */
      Estimators.Observation stacked() {
        return used ? new Estimators.Observation(gamma, informationInverse) : null;
      }

      UnitSource apply(UnitSource units) {
        if (!used) {
          return units.map(u -> {
            u.omega = Double.isNaN(u.y) ? 0 : 1;
            return u;
          });
        }
        double[] g = gamma;
        return units.map(u -> {
          if (Double.isNaN(u.y)) {
            u.omega = 0;
          } else {
            double eta = g[0] + g[1] * u.t;
            for (int j = 1; j < u.x.length; j++) {
              eta += g[j + 1] * u.x[j];
            }
            u.omega = 1 / CausalMath.expit(eta);
          }
          return u;
        });
      }
    }

    ObservationModel observationModel(Outcome o, UnitSource raw) {
      double[] c = raw.sum(2, (u, a) -> {
        a[0] += 1;
        a[1] += Double.isNaN(u.y) ? 1 : 0;
      });
      if (c[1] == 0) {
        return new ObservationModel(null, false);
      }
      if (c[1] == c[0]) {
        throw new GaitException("outcome " + o.name() + " is missing for every analysable row");
      }
      int p = ps.beta().length + 1;
      LogisticIrls.Design row = Estimators.Observation::row;
      LogisticIrls.Response observed = u -> Double.isNaN(u.y) ? 0 : 1;
      LogisticIrls.Result fit = LogisticIrls.fit(raw, p, row, observed, spec.tol(), PropensityModel.NEWTON_STEPS, 0);
      double ridge = 0;
      if (!fit.converged()) {
        ridge = OBSERVATION_RIDGE;
        // Separation in the observation model (e.g. a covariate level where every outcome is observed): a
        // ridge penalty keeps the coefficients finite; the weights stay bounded and the estimates are still made.
        fit = LogisticIrls.fit(raw, p, row, observed, spec.tol(), PropensityModel.NEWTON_STEPS, OBSERVATION_RIDGE);
        diagnostic("nuisance_model_fallback", "observation_model:" + o.name(), new Subject("observation_model", null, o.name(), null), OBSERVATION_RIDGE, "maximum likelihood converges", false, String.format(Locale.ROOT,
            "The model of whether %s is observed did not converge (separation: some covariate pattern predicts missingness perfectly); a ridge-penalized fit (lambda %.1f) was used for the missing-outcome weights.",
            o.name(), OBSERVATION_RIDGE));
        warnings.add("observation model of " + o.name() + " did not converge; ridge-penalized fallback used");
      }
      double[] gamma = fit.beta();
      double[][] gammaInverse = CausalMath.inverse(fit.information());
      diagnostic("missing_outcome", o.name(), Subject.outcome(o.name()), c[1] / c[0], "informational", null, String.format(Locale.ROOT,
          "%.1f%% of %s values are missing; estimates weight observed patients by 1/P(observed | treatment, covariates), valid if missingness depends only on those (MAR); the complete-case row is the sensitivity analysis.",
          100 * c[1] / c[0], o.name()));
      return new ObservationModel(gamma, gammaInverse, true, ridge);
    }

    void addEstimates(String outcome, String kind, Estimand e, String method, ArmMeans m, boolean primary) {
      addEstimates(outcome, kind, e.name(), method, m, primary);
    }

    /** The estimand label of the crude (unadjusted) difference, which is reported once per outcome. */
    static final String CRUDE = "crude";

    void addEstimates(String outcome, String kind, String estimand, String method, ArmMeans m, boolean primary) {
      for (Effect f : EffectScales.effects(m, kind)) {
        estimates.add(new EstimateRow(outcome, kind, primary && !f.scale().equals("nnt") && !f.scale().equals("risk_ratio"), estimand, method, f.scale(),
            f.estimate(), f.stdError(), f.ciLow(), f.ciHigh(), f.pValue(), f.seMethod(), f.bootstrapSe(), m.n1(), m.n0(), m.ess1(), m.ess0(), f.note()));
      }
    }

    // ------------------------------------------------------------ primary-only analyses

    void primaryResults(OutcomeContext ctx, ArmMeans m) {
      Outcome o = ctx.outcome();
      UnitSource units = ctx.units();
      eValue(o, ctx.kind(), m, units);
      step("compare: subgroups", () -> {
        subgroupEffects(o, units);
        return subgroups.size();
      }, n -> n + " subgroup rows");
      if (!spec.conditionalEffects()) {
        return;
      }
      UnitSource fitted = ctx.outcomeRegression();
      EffectModifiers.Fit fit = step("compare: effect modifiers", () -> EffectModifiers.fit(fitted, modifierFeatures, spec), l -> l.rows().size() + " features");
      modifiers.addAll(fit.rows());
      modifierModel = new StudyModels.EffectModifierModel(o.name(), fit.features(), fit.forest() == null ? null : fit.forest().trees(), fit.coefficients());
    }

    void eValue(Outcome o, String kind, ArmMeans m, UnitSource units) {
      List<Effect> effects = EffectScales.effects(m, kind);
      double rr;
      double lo;
      double hi;
      String basis;
      if (kind.equals("binary")) {
        Effect r = effects.get(1);
        rr = r.estimate();
        lo = r.ciLow();
        hi = r.ciHigh();
        basis = "risk ratio";
      } else {
        ArmMeans crude = Estimators.unadjusted(units, new Bootstrap(0, 0));
        // The outcome's pooled SD, degrees-of-freedom weighted (VanderWeele & Ding 2017); var1, var0 are variances of the arm means.
        double sd = CausalMath.pooledSd(crude.n1(), crude.var1() * crude.n1(), crude.n0(), crude.var0() * crude.n0());
        Effect d = effects.get(0);
        rr = CausalMath.riskRatioFromStandardizedDifference(d.estimate() / sd);
        lo = CausalMath.riskRatioFromStandardizedDifference(d.ciLow() / sd);
        hi = CausalMath.riskRatioFromStandardizedDifference(d.ciHigh() / sd);
        basis = String.format(Locale.ROOT, "standardized difference %.3f (outcome SD %.3f), RR ~ exp(0.91 d)", d.estimate() / sd, sd);
      }
      double ev = CausalMath.eValue(rr);
      double evCi = CausalMath.eValueOfInterval(Math.min(lo, hi), Math.max(lo, hi));
      diagnostic("e_value", spec.primaryMethod() + "_" + spec.primaryEstimand() + ":" + o.name(),
          Subject.adjustment(spec.primaryMethod(), spec.primaryEstimand()).withOutcome(o.name()), ev, "informational", null, String.format(Locale.ROOT,
          "An unmeasured confounder would need risk-ratio associations of %.2f with both treatment and outcome to explain away the estimate (%.2f for its confidence limit); basis: %s (VanderWeele & Ding 2017).",
          ev, evCi, basis));
    }

    /** IPTW effect of the primary estimand within each level of each subgroup, with a Wald test of equal effects. */
    void subgroupEffects(Outcome o, UnitSource units) {
      Estimand e = spec.primaryEstimand();
      for (int i = 0; i < spec.subgroups().size(); i++) {
        List<String> levels = subgroupLevels.get(i);
        List<SubgroupRow> rows = new ArrayList<>();
        double sw = 0;
        double swt = 0;
        List<double[]> est = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
          final int gi = i;
          final int li = l;
          UnitSource sub = units.map(u -> {
            u.subset = u.subset * (u.levels[gi] == li ? 1 : 0);
            return u;
          });
          ArmMeans m = Estimators.weighted(sub, e, propensity, truncation, new Bootstrap(0, 0));
          Effect f = EffectScales.effects(m, "continuous").get(0);
          boolean enough = m.n1() >= Math.max(2, spec.smallCount()) && m.n0() >= Math.max(2, spec.smallCount());
          rows.add(new SubgroupRow(spec.subgroups().get(i).name(), levels.get(l), o.name(), e.name(), "iptw",
              enough ? f.estimate() : null, enough ? f.stdError() : null, enough ? f.ciLow() : null, enough ? f.ciHigh() : null, m.n1(), m.n0(), Double.NaN));
          if (enough && f.stdError() > 0) {
            double w = 1 / (f.stdError() * f.stdError());
            sw += w;
            swt += w * f.estimate();
            est.add(new double[] {f.estimate(), w});
          }
        }
        double pooled = swt / sw;
        double chi2 = 0;
        for (double[] x : est) {
          chi2 += x[1] * (x[0] - pooled) * (x[0] - pooled);
        }
        double p = est.size() >= 2 ? CausalMath.chiSquareP(chi2, est.size() - 1) : Double.NaN;
        for (SubgroupRow r : rows) {
          subgroups.add(new SubgroupRow(r.subgroup(), r.level(), r.outcome(), r.estimand(), r.method(), r.estimate(), r.stdError(), r.ciLow(), r.ciHigh(),
              r.nTreated(), r.nControl(), p));
        }
      }
    }

    // ------------------------------------------------------------ time to event

    /** Time to response: Kaplan-Meier curves per arm for every method that estimates them, crude once, weighted per estimand. */
    void timeToEvent(Outcome o) {
      UnitSource units = units(design, o);
      OutcomeContext ctx = new OutcomeContext(this, o, "time_to_event", units, null, false, () -> {
        throw new IllegalStateException("no flexible learner for time-to-event outcomes");
      });
      int[] days = spec.survivalDays().stream().mapToInt(Integer::intValue).toArray();
      for (ComparisonMethod method : ComparisonMethods.ALL) {
        if (!spec.methods().contains(method.name()) || !method.outcomeKinds().contains("time_to_event")) {
          continue;
        }
        List<Estimand> targets = method.estimands().isEmpty() ? java.util.Collections.singletonList(null)
            : spec.estimands().stream().filter(method.estimands()::contains).toList();
        for (Estimand e : targets) {
          KaplanMeier.Result km = KaplanMeier.estimate(units, method.survivalWeight(ctx, e), boot, days);
          if (method instanceof IptwMethod && e == spec.primaryEstimand()) {
            kmCurves(o, km);
          }
          String estimand = e == null ? CRUDE : e.name();
          for (int i = 0; i < days.length; i++) {
            int d = Math.min(days[i], km.maxDay());
            double diff = km.treated().survival()[d] - km.control().survival()[d];
            double se = CausalMath.standardDeviation(km.survivalDiffBoot()[i]);
            tteRow(o.name() + "_d" + days[i], estimand, method.name(), "survival_difference", diff, se, km,
                "difference in the share not yet responded at day " + days[i] + (days[i] > km.maxDay() ? " (beyond follow-up: last day " + km.maxDay() + ")" : ""));
          }
          double md = km.treated().median() - km.control().median();
          double mse = CausalMath.standardDeviation(km.medianDiffBoot());
          long unreached = java.util.Arrays.stream(km.medianDiffBoot()).filter(x -> !Double.isFinite(x)).count();
          String bootNote = unreached == 0 ? "" : String.format(Locale.ROOT,
              "; %d of %d bootstrap replicates did not reach the median in an arm and are left out of its SE", unreached, km.medianDiffBoot().length);
          tteRow(o.name(), estimand, method.name(), "median_time_difference", md, mse, km,
              (Double.isNaN(md) ? "a median time to response is not reached in one arm" : "difference in median days to response") + bootNote);
        }
      }
    }

    void tteRow(String outcome, String estimand, String method, String scale, double est, double se, KaplanMeier.Result km, String note) {
      estimates.add(new EstimateRow(outcome, "time_to_event", false, estimand, method, scale, est, se, est - CausalMath.Z975 * se, est + CausalMath.Z975 * se,
          CausalMath.twoSidedP(est, se), Double.isFinite(se) ? "bootstrap" : null, se, km.nTreated(), km.nControl(), null, null,
          note + (method.equals("iptw") ? "; weighted Kaplan-Meier, the propensity model refitted in every bootstrap replicate" : "")));
    }

    void kmCurves(Outcome o, KaplanMeier.Result km) {
      for (String arm : List.of("treated", "control")) {
        KaplanMeier.Curve c = arm.equals("treated") ? km.treated() : km.control();
        for (int d : KaplanMeier.eventDays(c)) {
          double s = c.survival()[d];
          double se = c.bootstrapSe()[d];
          long n = c.atRisk()[d];
          boolean small = n > 0 && n < spec.smallCount();
          curve("km_response", o.name(), arm, d, s, Double.isFinite(se) ? Math.max(0, s - CausalMath.Z975 * se) : null,
              Double.isFinite(se) ? Math.min(1, s + CausalMath.Z975 * se) : null, small ? null : n);
        }
      }
    }

    /** Adjusted mean by arm and day of each measure (figure "trajectory"), weighted for the primary estimand. */
    void trajectories(UnitSource units) {
      double[] sums = Trajectories.sums(units, trajectorySeries, spec.primaryEstimand());
      int k = 0;
      for (Trajectories.Series s : trajectorySeries) {
        for (int i = 0; i < s.points(); i++, k++) {
          int day = i == 0 ? 0 : s.days().get(i - 1);
          for (int arm = 0; arm < 2; arm++) {
            Trajectories.Point p = Trajectories.point(sums, k, arm);
            if (p.n() == 0) {
              continue;
            }
            boolean se = Double.isFinite(p.stdError());
            curve("trajectory", s.measure(), arm == 0 ? "treated" : "control", day, p.mean(),
                se ? p.mean() - CausalMath.Z975 * p.stdError() : null, se ? p.mean() + CausalMath.Z975 * p.stdError() : null, p.n());
          }
        }
      }
    }

    // ------------------------------------------------------------ sensitivity

    void negativeControl(String column) {
      Outcome o = new Outcome(column, "continuous");
      UnitSource units = new ObservationModel(null, false).apply(units(design, o));
      ArmMeans m = Estimators.weighted(units, spec.primaryEstimand(), propensity, truncation, new Bootstrap(0, 0));
      Effect f = EffectScales.effects(m, "continuous").get(0);
      boolean covers = f.ciLow() <= 0 && f.ciHigh() >= 0;
      diagnostic("negative_control", "iptw_" + spec.primaryEstimand() + ":" + column,
          Subject.adjustment("iptw", spec.primaryEstimand()).withOutcome(column), f.estimate(), "95% CI covers 0", covers, String.format(Locale.ROOT,
          "The adjusted 'effect' on %s, which the treatment cannot change, is %.3f (95%% CI %.3f to %.3f): %s", column, f.estimate(), f.ciLow(), f.ciHigh(),
          covers ? "no sign of residual confounding." : "a non-null effect signals residual confounding or bias."));
    }

    /** Placebo treatment: a seeded hash of the row key with the treated share; its IPTW effect should be null. */
    void placebo() {
      Outcome o = spec.outcomes().stream().filter(x -> x.name().equals(spec.primaryOutcome())).findFirst().orElseThrow();
      if (o.kind().equals("time_to_event")) {
        return;
      }
      double share = (double) nTreated / (nTreated + nControl);
      long seed = spec.seed();
      Dataset<Row> placeboFrame = design.drop("_ps_prediction", "_ps_probability", "_ps_raw").withColumn(AnalysisTable.T,
          when(org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.xxhash64(col(AnalysisTable.KEY), lit(seed), lit("placebo")), lit(1_000_000L))
              .lt(lit(Math.round(share * 1_000_000))), 1.0).otherwise(0.0));
      UnitSource placeboUnits = units(placeboFrame, o);
      int p = ps.beta().length;
      double[] beta;
      double[][] info;
      if (spec.penalized()) {
        org.apache.spark.ml.classification.LogisticRegressionModel lr = PropensityModel.fitPenalized(placeboFrame, AnalysisTable.T, spec);
        beta = PropensityModel.withIntercept(lr.intercept(), lr.coefficients().toArray());
        info = LogisticIrls.pass(placeboUnits, p, u -> u.x, u -> u.t, beta).information();
      } else {
        LogisticIrls.Result fit = LogisticIrls.fit(placeboUnits, p, u -> u.x, u -> u.t, spec.tol(), PropensityModel.NEWTON_STEPS, 0);
        beta = fit.beta();
        info = fit.information();
      }
      Estimators.Propensity placeboPs = new Estimators.Propensity(beta, CausalMath.inverse(info));
      UnitSource units = new ObservationModel(null, false).apply(placeboUnits).map(u -> {
        u.e = Estimators.propensity(beta, u.x);
        u.ew = u.e;
        u.subset = 1;
        return u;
      });
      ArmMeans m = Estimators.weighted(units, spec.primaryEstimand(), placeboPs, null, new Bootstrap(0, 0));
      Effect f = EffectScales.effects(m, "continuous").get(0);
      boolean covers = f.ciLow() <= 0 && f.ciHigh() >= 0;
      diagnostic("placebo_treatment", "iptw_" + spec.primaryEstimand() + ":" + o.name(),
          Subject.adjustment("iptw", spec.primaryEstimand()).withOutcome(o.name()), f.estimate(), "95% CI covers 0", covers, String.format(Locale.ROOT,
          "A randomly drawn placebo treatment shows an 'effect' of %.3f (95%% CI %.3f to %.3f) on %s: %s", f.estimate(), f.ciLow(), f.ciHigh(), o.name(),
          covers ? "the machinery does not manufacture effects." : "an effect from a random label points to a problem in the estimation (or a 1-in-20 chance draw: check with another seed)."));
    }

    // ------------------------------------------------------------ output

    void diagnostic(String check, String adjustment, Subject subject, Double value, String threshold, Boolean pass, String meaning) {
      diagnostics.add(new DiagnosticRow(check, adjustment, subject, value, threshold, pass, meaning));
    }

    void curve(String figure, String series, String arm, double x, Double y, Double lo, Double hi, Long n) {
      boolean small = n != null && n > 0 && n < spec.smallCount();
      curves.add(new CurvePoint(figure, series, arm, x, figure.equals("propensity") && small ? null : y, lo, hi, small ? null : n));
    }

    void write(String outputUri) {
      org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
      List<List<Map<String, Object>>> tables = List.of(estimates.stream().map(ResultRows::of).toList(), balance.stream().map(Balance.Row::toMap).toList(),
          diagnostics.stream().map(DiagnosticRow::toMap).toList(), subgroups.stream().map(ResultRows::of).toList(),
          curves.stream().map(ResultRows::of).toList(), modifiers.stream().map(ResultRows::of).toList());
      for (int i = 0; i < RESULT_TABLES.size(); i++) {
        new ResultTable(RESULT_TABLES.get(i), tables.get(i)).write(conf, outputUri);
      }
      if (ps == null) {
        return;
      }
      String model = outputUri + "/" + MODEL_FOLDER;
      awaitPipelineSave();
      StudyModels.Provenance provenance = new StudyModels.Provenance(StudyModels.sha256(spec.toString()), spec.seed(), spec.bootstrapSeed(),
          org.gaitoutcomes.provenance.RunManifest.projectVersion(), inputFiles);
      StudyModels.Propensity propensityModel = new StudyModels.Propensity(ps.featureNames(), ps.beta(), truncation, spec.trim(), PROPENSITY_PIPELINE);
      new StudyModels(provenance, propensityModel, outcomeModels, modifierModel).write(conf, model);
    }

    /** Drops every cached dataset and waits until the blocks are gone, so nothing patient-level outlives the stage. */
    void release() {
      if (pipelineSave != null) {
        try {
          pipelineSave.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
          // reported by write(), or moot when the stage failed before it
        }
      }
      cached.forEach(rdd -> rdd.unpersist(true));
      cachedFrames.forEach(frame -> frame.unpersist(true));
    }
  }
}
