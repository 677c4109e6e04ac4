package org.gaitoutcomes.compare;

import static org.gaitoutcomes.compare.CompareTestSupport.num;
import static org.gaitoutcomes.compare.CompareTestSupport.read;
import static org.gaitoutcomes.compare.CompareTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.testing.RepoPaths;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every method x estimand of the engine on MatchIt's lalonde against the reference table
 * jobs/src/test/resources/reference/lalonde_reference.csv, made by lalonde_reference.py beside it
 * (statsmodels; command in its docstring): estimates to 1e-8 and standard errors to 1e-6 relative
 * (the reference's sandwich uses a numerical Jacobian). The random-forest AIPW has no independent
 * peer and is checked against known truth instead (KnownTruthTest).
 */
class LalondeReferenceTest {
  @TempDir
  Path out;

  @Test
  void everyMethodAndEstimandMatchesTheReferenceTable() throws IOException {
    SparkSession spark = SparkTestSession.get();
    CompareSpec spec = LalondeTest.lalondeSpec(
        "gait.study.outcomes", List.of(Map.of("name", "re78", "kind", "continuous")),
        "gait.study.primary.outcome", "re78",
        "gait.study.primary.method", "iptw",
        "gait.study.primary.estimand", "ATT",
        "gait.study.methods", List.of("unadjusted", "g_computation", "iptw", "matching", "aipw_linear"),
        "gait.study.estimands", List.of("ATE", "ATT", "ATO"),
        "gait.study.conditional-effects", false,
        "gait.study.bootstrap.replicates", 0);
    CompareStage.run(spark, spec, AnalysisTable.read(spark, RepoPaths.sharedFixture("causal/lalonde.csv").toUri().toString()), out.toUri().toString());
    List<Map<String, Object>> estimates = read(out, "estimates");
    String table;
    try (InputStream in = getClass().getResourceAsStream("/reference/lalonde_reference.csv")) {
      table = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String> lines = table.lines().skip(1).toList();
    assertEquals(10, lines.size());
    for (String line : lines) {
      String[] f = line.split(",");
      Map<String, Object> r = row(estimates, "method", f[0], "estimand", f[1], "scale", "mean_difference");
      double estimate = Double.parseDouble(f[2]);
      double se = Double.parseDouble(f[3]);
      assertEquals(estimate, num(r, "estimate"), 1e-8 * Math.abs(estimate), line);
      assertEquals(se, num(r, "std_error"), 1e-6 * se, line);
    }
  }
}
