package org.gaitoutcomes.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.gaitoutcomes.compare.CompareSpec;
import org.gaitoutcomes.compare.CompareStage;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.results.ResultTable;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.spark.Progress;

/**
 * Our compare engine against the single-machine peer on identical rows, each timed as a user times it:
 * at each size, the cohort the benchmark built is restricted to complete cases of the primary outcome
 * and covariates and exported to CSV (not timed); then {@code bin/gait-outcomes compare} on that CSV
 * in a process of its own (start-up included) and the peer script on the same CSV run the same
 * analysis: logistic propensity score, IPTW ATE and ATT, AIPW with linear outcome models. Outside
 * the launcher (in tests) ours is timed in-process and the rows say so. Times are medians over the
 * benchmark's repetitions; estimates must agree within {@code bench.peer.tolerance} (AIPW within four
 * times that).
 */
public final class PeerComparison {
  private static final List<String[]> ESTIMATES = List.of(
      new String[] {"iptw_ATE", "iptw", "ATE"}, new String[] {"iptw_ATT", "iptw", "ATT"}, new String[] {"aipw_ATE", "aipw_linear", "ATE"});

  private final List<Map<String, Object>> rows;

  private PeerComparison(List<Map<String, Object>> rows) {
    this.rows = rows;
  }

  public ResultTable table() {
    return new ResultTable(Schemas.BENCH_PEER, rows);
  }

  /** Runs the comparison for every size whose cohort the benchmark built. */
  public static PeerComparison run(SparkSession spark, Config config, List<Long> sizes, String workRoot) {
    Config bench = config.getConfig("gait.bench");
    Config peerCfg = bench.getConfig("peer");
    List<Map<String, Object>> rows = new ArrayList<>();
    PythonPeer peer = new PythonPeer(peerCfg.getString("python"), Path.of(peerCfg.getString("script")), peerCfg.getLong("timeout-seconds"));
    Optional<String> unavailable = peerCfg.getBoolean("enabled") ? peer.unavailableReason() : Optional.of("disabled (bench.peer.enabled = false)");
    String primary = CompareSpec.from(config).primaryOutcome();
    Config analysis = ConfigFactory.parseMap(Map.of(
        "gait.study.outcomes", List.of(Map.of("name", primary, "kind", "continuous")),
        "gait.study.methods", List.of("iptw", "aipw_linear"),
        "gait.study.estimands", List.of("ATE", "ATT"),
        "gait.study.subgroups", List.of(),
        "gait.study.placebo-treatment", false,
        "gait.study.conditional-effects", false,
        "gait.study.trajectories", List.of(),
        "gait.study.bootstrap.replicates", 0)).withFallback(config);
    CompareSpec spec = CompareSpec.from(analysis);
    String outcome = spec.primaryOutcome();
    int repetitions = bench.getInt("repetitions");
    double tolerance = peerCfg.getDouble("tolerance");
    for (long n : sizes) {
      String dir = workRoot + "/n" + n;
      String cohort = dir + "/out/cohort";
      if (!HadoopFiles.exists(spark.sparkContext().hadoopConfiguration(), cohort)) {
        rows.add(note(n, "no cohort at this size: the cohort stage was not benchmarked"));
        continue;
      }
      List<String> columns = new ArrayList<>(List.of(spec.idColumn(), spec.treatment(), outcome));
      columns.addAll(spec.covariates());
      Dataset<Row> complete = spark.read().parquet(cohort).select(columns.stream().map(Column::new).toArray(Column[]::new))
          .na().drop().persist(StorageLevel.MEMORY_AND_DISK());
      try {
        String csv = dir + "/peer-input";
        writePeerInput(complete.drop(spec.idColumn()), csv);
        String ourResults = dir + "/peer-ours";
        Optional<Path> launcher = Optional.ofNullable(System.getProperty(LAUNCHER)).map(Path::of).filter(java.nio.file.Files::isExecutable);
        Path specFile = launcher.isPresent() ? writeSpec(analysis, Path.of(java.net.URI.create(localUri(dir)))) : null;
        double[] ours = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
          long start = System.nanoTime();
          if (launcher.isPresent()) {
            wholeProcess(launcher.get(), localUri(csv), specFile, localUri(ourResults), peerCfg.getLong("timeout-seconds"));
          } else {
            CompareStage.run(spark, spec, complete, ourResults);
          }
          ours[r] = (System.nanoTime() - start) / 1e9;
        }
        String how = launcher.isPresent() ? null : "ours timed in-process (not run under bin/gait-outcomes, so no whole-process time)";
        Map<String, Double> ourEstimates = estimates(spark, ourResults, outcome);
        if (unavailable.isPresent()) {
          for (String[] e : ESTIMATES) {
            rows.add(row(n, e[0], ourEstimates.get(e[0]), null, tolerance, Stats.median(ours), null,
                "peer unavailable: " + unavailable.get() + (how == null ? "" : "; " + how)));
          }
          continue;
        }
        double[] peerSeconds = new double[repetitions];
        PythonPeer.Result result = null;
        for (int r = 0; r < repetitions; r++) {
          result = peer.run(Path.of(java.net.URI.create(localUri(csv))), spec.treatment(), outcome, spec.covariates());
          peerSeconds[r] = result.wallSeconds();
        }
        for (String[] e : ESTIMATES) {
          double tol = e[1].startsWith("aipw") ? 4 * tolerance : tolerance;
          rows.add(row(n, e[0], ourEstimates.get(e[0]), result.estimates().get(e[0]), tol, Stats.median(ours), Stats.median(peerSeconds), how));
        }
        Progress.info(String.format(Locale.ROOT, "bench peer n=%d: ours %.1f s, peer %.1f s", n, Stats.median(ours), Stats.median(peerSeconds)));
      } finally {
        complete.unpersist(true);
      }
    }
    return new PeerComparison(rows);
  }

  /**
   * Writes the peer's input as one CSV file with a header and marks the folder finished
   * ({@value org.gaitoutcomes.io.StagedOutput#MARKER}): the bench's output folder holds the previous
   * run's {@code run.json} while it reruns, and a folder under an output without the marker is one
   * that {@code compare --cohort} refuses as unfinished.
   */
  static void writePeerInput(Dataset<Row> table, String csv) {
    table.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(csv);
    org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path(csv, org.gaitoutcomes.io.StagedOutput.MARKER);
    try {
      marker.getFileSystem(table.sparkSession().sparkContext().hadoopConfiguration()).create(marker, true).close();
    } catch (java.io.IOException e) {
      throw new org.gaitoutcomes.GaitException("bench: cannot mark " + csv + " finished: " + e.getMessage(), e);
    }
  }

  /** The system property the launcher sets to its own path, so the benchmark can time our whole process as a user would. */
  static final String LAUNCHER = "gait.launcher";

  /** The analysis's gait.study section as a spec file for the command line. */
  static Path writeSpec(Config analysis, Path folder) {
    Path spec = folder.resolve("peer-spec.conf");
    try {
      java.nio.file.Files.createDirectories(folder);
      java.nio.file.Files.writeString(spec, "gait.study = " + analysis.getConfig("gait.study").root()
          .render(com.typesafe.config.ConfigRenderOptions.concise().setFormatted(true)) + "\n");
    } catch (java.io.IOException e) {
      throw new org.gaitoutcomes.GaitException("bench: cannot write " + spec + ": " + e.getMessage(), e);
    }
    return spec;
  }

  /** {@code launcher compare} on the peer's CSV in a process of its own, as a user runs it; fails with the end of its log. */
  static void wholeProcess(Path launcher, String csvUri, Path spec, String outputUri, long timeoutSeconds) {
    Path log = spec.resolveSibling("peer-ours.log");
    List<String> cmd = List.of(launcher.toString(), "compare", "--cohort", csvUri, "--foreign-table", "--spec", spec.toString(), "--output", outputUri);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new org.gaitoutcomes.GaitException("bench: our compare did not finish within " + timeoutSeconds + " s; see " + log);
      }
      if (p.exitValue() != 0) {
        List<String> lines = java.nio.file.Files.readAllLines(log);
        throw new org.gaitoutcomes.GaitException("bench: our compare failed (exit " + p.exitValue() + "): "
            + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
      }
    } catch (java.io.IOException e) {
      throw new org.gaitoutcomes.GaitException("bench: cannot run " + launcher + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.gaitoutcomes.GaitException("bench: interrupted while timing our compare", e);
    }
  }

  /** The aligned text table for the console. */
  public String text() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n%-10s %-9s %12s %12s %10s %8s %10s %10s %7s%n",
        "patients", "estimate", "ours", "peer", "|diff|", "agrees", "ours s", "peer s", "ratio"));
    for (Map<String, Object> r : rows) {
      sb.append(String.format(Locale.ROOT, "%-10s %-9s %12s %12s %10s %8s %10s %10s %7s%n", r.get("patients"), r.get("estimate"),
          fmt(r.get("ours")), fmt(r.get("peer")), fmt(r.get("abs_difference")), r.get("agrees") == null ? "-" : r.get("agrees"),
          fmt(r.get("our_compare_seconds")), fmt(r.get("peer_seconds")), fmt(r.get("time_ratio"))));
      if (r.get("note") != null) {
        sb.append("  note: ").append(r.get("note")).append('\n');
      }
    }
    return sb.toString();
  }

  private static String fmt(Object v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : "-";
  }

  private static Map<String, Double> estimates(SparkSession spark, String resultsUri, String outcome) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map<String, Object> r : ResultTable.read(spark.sparkContext().hadoopConfiguration(), resultsUri, Schemas.ESTIMATES).rows()) {
      if (!outcome.equals(r.get("outcome")) || !"mean_difference".equals(r.get("scale")) || r.get("estimate") == null) {
        continue;
      }
      for (String[] e : ESTIMATES) {
        if (e[1].equals(r.get("method")) && e[2].equals(r.get("estimand"))) {
          out.put(e[0], ((Number) r.get("estimate")).doubleValue());
        }
      }
    }
    return out;
  }

  private static Map<String, Object> row(long n, String estimate, Double ours, Double peer, double tolerance,
      Double ourSeconds, Double peerSeconds, String note) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("patients", n);
    r.put("estimate", estimate);
    r.put("ours", ours);
    r.put("peer", peer);
    Double diff = ours == null || peer == null ? null : Math.abs(ours - peer);
    r.put("abs_difference", diff);
    r.put("agrees", diff == null ? null : diff <= tolerance);
    r.put("our_compare_seconds", ourSeconds);
    r.put("peer_seconds", peerSeconds);
    r.put("time_ratio", ourSeconds == null || peerSeconds == null || peerSeconds <= 0 ? null : ourSeconds / peerSeconds);
    r.put("note", note);
    return r;
  }

  private static Map<String, Object> note(long n, String note) {
    return row(n, "iptw_ATE", null, null, 0, null, null, note);
  }

  /** The peer runs on this machine: the CSV must be on the local file system. */
  private static String localUri(String uri) {
    if (uri.startsWith("file:")) {
      return uri;
    }
    if (uri.contains("://")) {
      throw new org.gaitoutcomes.GaitException("bench: the Python peer needs a local --output, got " + uri);
    }
    return Path.of(uri).toAbsolutePath().toUri().toString();
  }
}
