package org.gaitoutcomes.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.SparkTestSession;

/**
 * Bias, RMSE and 95% CI coverage of every method over several simulation seeds (run once by hand,
 * not a unit test; results go into the issue note and bench/README.md):
 * {@code java -cp <test classpath> org.gaitoutcomes.compare.CoverageStudy SEEDS ROWS [FIRST_SEED]}.
 */
public final class CoverageStudy {
  private CoverageStudy() {}

  static void print(double[] truth, long n, int seeds, Map<String, double[]> acc) {
    System.out.printf(Locale.ROOT, "truth ATE %.4f ATT %.4f ATO %.4f; n = %d, %d seeds%n", truth[0], truth[1], truth[2], n, seeds);
    System.out.printf(Locale.ROOT, "%-34s %8s %8s %8s %8s%n", "method estimand", "bias", "RMSE", "mean SE", "coverage");
    acc.forEach((k, a) -> System.out.printf(Locale.ROOT, "%-34s %8.4f %8.4f %8.4f %8.3f%n", k, a[1] / a[0], Math.sqrt(a[4] / a[0]), a[3] / a[0], a[2] / a[0]));
    System.out.flush();
  }

  public static void main(String[] args) throws Exception {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    long n = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
    long firstSeed = args.length > 2 ? Long.parseLong(args[2]) : 1000;
    SparkSession spark = SparkTestSession.get();
    double[] truth = ConfoundedSimulation.truth();
    Map<String, double[]> acc = new TreeMap<>();
    for (int s = 0; s < seeds; s++) {
      Path out = Files.createTempDirectory("coverage");
      long start = System.nanoTime();
      CompareStage.run(spark, KnownTruthTest.spec(), ConfoundedSimulation.generate(spark, n, firstSeed + s, 4).withColumn("x2_copy", org.apache.spark.sql.functions.col("x2")), out.toUri().toString());
      System.err.printf(Locale.ROOT, "seed %d: %.1f s%n", s, (System.nanoTime() - start) / 1e9);
      List<Map<String, Object>> rows = CompareTestSupport.read(out, "estimates");
      for (Map<String, Object> r : rows) {
        if (!"mean_difference".equals(r.get("scale")) || r.get("estimate") == null) {
          continue;
        }
        String key = r.get("method") + " " + r.get("estimand");
        // The crude difference targets no population; it is scored against the ATE to show its bias.
        String estimand = CompareStage.Analysis.CRUDE.equals(r.get("estimand")) ? "ATE" : (String) r.get("estimand");
        double t = truth[Estimand.valueOf(estimand).ordinal()];
        double est = ((Number) r.get("estimate")).doubleValue();
        boolean covered = ((Number) r.get("ci_low")).doubleValue() <= t && t <= ((Number) r.get("ci_high")).doubleValue();
        double[] a = acc.computeIfAbsent(key, k -> new double[5]);
        a[0] += 1;
        a[1] += est - t;
        a[2] += covered ? 1 : 0;
        a[3] += ((Number) r.get("std_error")).doubleValue();
        a[4] += (est - t) * (est - t);
      }
      print(truth, n, s + 1, acc);
    }
    spark.stop();
  }
}
