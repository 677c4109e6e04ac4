package org.gaitoutcomes.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator extension point, exercised through its registry: one run with every registered
 * method on a continuous, a binary and a time-to-event outcome writes, for each method, exactly the
 * rows its declaration promises (its estimands, or "crude" once, for each outcome kind it handles).
 */
class ComparisonMethodsTest {
  @TempDir
  Path out;

  @Test
  void everyRegisteredMethodReportsWhatItDeclares() {
    CompareSpec spec = CompareTestSupport.spec("gait.study.outcomes", List.of(Map.of("name", "y", "kind", "continuous"), Map.of("name", "yb", "kind", "binary"),
            Map.of("name", "response", "kind", "time_to_event")),
        "gait.study.primary.outcome", "y", "gait.study.methods", ComparisonMethods.names(), "gait.study.covariates", List.of("x1", "x2", "x3", "site"),
        "gait.study.subgroups", List.of(), "gait.study.id-column", "id", "gait.study.conditional-effects", false, "gait.study.aipw.folds", 2,
        "gait.study.aipw.trees", 5, "gait.study.aipw.max-depth", 3, "gait.study.aipw.repeats", 1, "gait.study.bootstrap.replicates", 10);
    CompareStage.run(SparkTestSession.get(), spec, ConfoundedSimulation.generate(SparkTestSession.get(), 1200, 31, 2), out.toUri().toString());
    List<Map<String, Object>> estimates = CompareTestSupport.read(out, "estimates");
    for (ComparisonMethod m : ComparisonMethods.ALL) {
      Set<String> expected = new TreeSet<>();
      for (String kind : m.outcomeKinds()) {
        if (m.estimands().isEmpty()) {
          expected.add(kind + "/crude");
        } else {
          m.estimands().forEach(e -> expected.add(kind + "/" + e));
        }
      }
      Set<String> found = estimates.stream().filter(r -> m.name().equals(r.get("method")))
          .map(r -> r.get("outcome_kind") + "/" + r.get("estimand")).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(expected, found, m.name());
    }
  }

  @Test
  void namesAreUniqueAndUnknownNamesAreRefused() {
    assertEquals(ComparisonMethods.ALL.size(), Set.copyOf(ComparisonMethods.names()).size());
    assertEquals(List.of("unadjusted", "g_computation", "iptw", "matching", "aipw_linear", "aipw_flexible"), ComparisonMethods.names());
    GaitException e = assertThrows(GaitException.class, () -> ComparisonMethods.byName("lasso"));
    assertTrue(e.getMessage().contains("unknown method 'lasso'"), e.getMessage());
  }
}
