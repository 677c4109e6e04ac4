package org.gaitoutcomes.report.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.gaitoutcomes.report.privacy.CellSuppression.Mark;
import org.gaitoutcomes.report.privacy.CellSuppression.Relation;
import org.junit.jupiter.api.Test;

/**
 * Small-cell suppression on tiny tables. The exhaustive tests play the attacker by brute force: for
 * every table of a family with small values, they enumerate every table consistent with what is
 * published (shown values exactly, a small marker = 0..threshold-1, a complementary marker = at least
 * the threshold) and assert that each suppressed cell still has at least two possible values.
 */
class CellSuppressionTest {
  private static final Map<String, Long> NO_CELLS = Map.of();

  @Test
  void countsBelowThresholdIncludingZeroAreSmall() {
    Map<String, Mark> m = CellSuppression.suppress(cells("a", 10, "b", 11, "c", 0), List.of(), 11);
    assertEquals(Map.of("a", Mark.SMALL, "b", Mark.SHOWN, "c", Mark.SMALL), m);
  }

  @Test
  void armTotalHidesTheSmallerComplementNotTheTotal() {
    // total 1000 = treated 4 + control 996: treated is small; control (smaller than the total) is hidden too.
    Map<String, Mark> m = CellSuppression.suppress(cells("total", 1000, "treated", 4, "control", 996),
        List.of(Relation.of("total", "treated", "control")), 11);
    assertEquals(Mark.SMALL, m.get("treated"));
    assertEquals(Mark.COMPLEMENTARY, m.get("control"));
    assertEquals(Mark.SHOWN, m.get("total"));
  }

  @Test
  void attritionStepHidesExclusionAndOneNeighbourAndStopsTheChain() {
    // r0 = r1 + e1, r1 = r2 + e2: e1 = 3 is small; r1 is then hidden, which forces a second cell in the next step.
    Map<String, Long> c = cells("r0", 500, "e1", 3, "r1", 497, "e2", 40, "r2", 457);
    List<Relation> rel = List.of(Relation.of("r0", "r1", "e1"), Relation.of("r1", "r2", "e2"));
    Map<String, Mark> m = CellSuppression.suppress(c, rel, 11);
    assertEquals(Mark.SMALL, m.get("e1"));
    assertEquals(Mark.COMPLEMENTARY, m.get("r1"));
    assertEquals(Mark.COMPLEMENTARY, m.get("e2"));
    assertEquals(Mark.SHOWN, m.get("r0"));
    assertEquals(Mark.SHOWN, m.get("r2"));
    assertTrue(CellSuppression.recoverable(c, m, rel, 11).isEmpty());
  }

  @Test
  void twoSmallCellsUnderAShownTotalDoNotRevealTheirSum() {
    // 68 = 60 + 5 + 3: hiding 5 and 3 alone would still publish 68 - 60 = 8 patients in the two small levels.
    Map<String, Long> c = cells("n", 68, "a", 60, "b", 5, "c", 3);
    List<Relation> rel = List.of(Relation.of("n", "a", "b", "c"));
    Map<String, Mark> m = CellSuppression.suppress(c, rel, 11);
    assertEquals(Mark.SMALL, m.get("b"));
    assertEquals(Mark.SMALL, m.get("c"));
    assertEquals(Mark.COMPLEMENTARY, m.get("a"), "the largest part is hidden so 68 minus the shown parts is not a small count");
    assertEquals(Mark.SHOWN, m.get("n"));
    assertTrue(!CellSuppression.smallHiddenSum(rel.get(0), c, m, 11));
    // With a sum of suppressed parts at the threshold nothing more is hidden.
    Map<String, Mark> big = CellSuppression.suppress(cells("n", 100, "a", 89, "b", 6, "c", 5), List.of(Relation.of("n", "a", "b", "c")), 11);
    assertEquals(Mark.SHOWN, big.get("a"));
  }

  @Test
  void zerosCanBeShownAndAreNeverUsedAsComplement() {
    Map<String, Long> c = cells("t", 500, "a", 0, "b", 4, "c", 496);
    List<Relation> rel = List.of(Relation.of("t", "a", "b", "c"));
    Map<String, Mark> m = CellSuppression.suppress(c, rel, 11, false);
    assertEquals(Map.of("t", Mark.SHOWN, "a", Mark.SHOWN, "b", Mark.SMALL, "c", Mark.COMPLEMENTARY), m);
    assertEquals(Mark.SMALL, CellSuppression.suppress(c, rel, 11, true).get("a"));
  }

  @Test
  void priorityKeepsTheFinalCohortVisible() {
    // The last rule excluded 7: by value r2 (smaller) would be hidden; a higher priority keeps it and hides r1.
    Map<String, Long> c = cells("r0", 500, "e1", 40, "r1", 460, "e2", 7, "r2", 453);
    List<Relation> rel = List.of(Relation.of("r0", "r1", "e1"), Relation.of("r1", "r2", "e2"));
    assertEquals(Mark.COMPLEMENTARY, CellSuppression.suppress(c, rel, 11, false).get("r2"));
    Map<String, Mark> m = CellSuppression.suppress(c, rel, 11, false, Map.of("r2", 100, "r1", 11, "r0", 10));
    assertEquals(Mark.SHOWN, m.get("r2"));
    assertEquals(Mark.COMPLEMENTARY, m.get("r1"));
    assertEquals(Mark.COMPLEMENTARY, m.get("e1"), "then r0 = r1 + e1 needs a second hidden cell: the exclusion");
    assertEquals(Mark.SHOWN, m.get("r0"));
    assertTrue(CellSuppression.recoverable(c, m, rel, 11, false).isEmpty());
  }

  @Test
  void nothingSmallMeansNothingHidden() {
    Map<String, Long> c = cells("t", 30, "a", 12, "b", 18);
    Map<String, Mark> m = CellSuppression.suppress(c, List.of(Relation.of("t", "a", "b")), 11);
    assertTrue(m.values().stream().allMatch(x -> x == Mark.SHOWN));
  }

  @Test
  void recoverableDetectsSubtractionAndBoundDisclosure() {
    Map<String, Long> c = cells("t", 20, "a", 5, "b", 15);
    List<Relation> rel = List.of(Relation.of("t", "a", "b"));
    // Only a hidden: a = t - b.
    Map<String, Mark> onlyA = new LinkedHashMap<>(Map.of("t", Mark.SHOWN, "a", Mark.SMALL, "b", Mark.SHOWN));
    assertEquals(List.of("a"), CellSuppression.recoverable(c, onlyA, rel, 11));
    // a small (<= 10) and b complementary (>= 11) with t = 11: a must be 0 and b 11.
    Map<String, Long> edge = cells("t", 11, "a", 0, "b", 11);
    Map<String, Mark> marks = new LinkedHashMap<>(Map.of("t", Mark.SHOWN, "a", Mark.SMALL, "b", Mark.COMPLEMENTARY));
    assertEquals(Set.of("a", "b"), new HashSet<>(CellSuppression.recoverable(edge, marks, rel, 11)));
    // suppress() hides b (a part, on a tie with the total), finds the bound disclosure and hides t too.
    Map<String, Mark> fixed = CellSuppression.suppress(edge, rel, 11);
    assertEquals(Map.of("t", Mark.COMPLEMENTARY, "a", Mark.SMALL, "b", Mark.COMPLEMENTARY), fixed);
    assertTrue(CellSuppression.recoverable(edge, fixed, rel, 11).isEmpty());
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> CellSuppression.suppress(NO_CELLS, List.of(), 1));
    assertThrows(IllegalArgumentException.class, () -> CellSuppression.suppress(cells("a", 1), List.of(Relation.of("a", "x")), 11));
    assertThrows(IllegalArgumentException.class, () -> CellSuppression.suppress(cells("a", -1), List.of(), 11));
  }

  @Test
  void exhaustivePairTotal() {
    for (long threshold : new long[] {2, 3, 5}) {
      exhaustive(new String[] {"a", "b"}, 9, threshold, v -> cells("a", v[0], "b", v[1], "t", v[0] + v[1]),
          List.of(Relation.of("t", "a", "b")));
    }
  }

  @Test
  void exhaustiveAttritionChain() {
    // r3 remaining after three rules excluding e1, e2, e3 (what the attrition table publishes, overall).
    exhaustive(new String[] {"r3", "e1", "e2", "e3"}, 5, 3, v -> {
      long r2 = v[0] + v[3];
      long r1 = r2 + v[2];
      long r0 = r1 + v[1];
      return cells("r0", r0, "e1", v[1], "r1", r1, "e2", v[2], "r2", r2, "e3", v[3], "r3", v[0]);
    }, List.of(Relation.of("r0", "r1", "e1"), Relation.of("r1", "r2", "e2"), Relation.of("r2", "r3", "e3")));
  }

  @Test
  void exhaustiveAttritionStepByArm() {
    // One rule, by arm: printed are r0, e1, r1 and each step's treated/control; what the rule excluded
    // from each arm (et, ec) is not printed but derivable, so it is a cell like the others.
    exhaustive(new String[] {"t1", "c1", "et", "ec"}, 5, 3, v -> {
      long t0 = v[0] + v[2];
      long c0 = v[1] + v[3];
      return cells("r0", t0 + c0, "e1", v[2] + v[3], "r1", v[0] + v[1], "t0", t0, "c0", c0, "t1", v[0], "c1", v[1],
          "et", v[2], "ec", v[3]);
    }, List.of(Relation.of("r0", "r1", "e1"), Relation.of("r0", "t0", "c0"), Relation.of("r1", "t1", "c1"),
        Relation.of("t0", "t1", "et"), Relation.of("c0", "c1", "ec"), Relation.of("e1", "et", "ec")));
  }

  @Test
  void exhaustiveLevelsSummingToArmTotal() {
    // Subgroup levels (or propensity bins) of one arm summing to the arm's published total.
    for (long threshold : new long[] {2, 3}) {
      exhaustive(new String[] {"l1", "l2", "l3"}, 7, threshold, v -> cells("l1", v[0], "l2", v[1], "l3", v[2], "n", v[0] + v[1] + v[2]),
          List.of(Relation.of("n", "l1", "l2", "l3")));
    }
  }

  /**
   * For every assignment of the free values in 0..max, suppresses the table, then enumerates every
   * assignment in a wider range consistent with the published table, and asserts that no suppressed
   * cell takes a single value across them.
   */
  private static void exhaustive(String[] free, int max, long threshold, Function<long[], Map<String, Long>> table, List<Relation> relations) {
    exhaustive(free, max, threshold, table, relations, true);
    exhaustive(free, max, threshold, table, relations, false);
  }

  private static void exhaustive(String[] free, int max, long threshold, Function<long[], Map<String, Long>> table, List<Relation> relations,
      boolean suppressZero) {
    int k = free.length;
    int attackMax = max + (int) threshold + 2;
    List<long[]> attackSpace = space(k, attackMax);
    List<Map<String, Long>> attackTables = new ArrayList<>(attackSpace.size());
    for (long[] v : attackSpace) {
      attackTables.add(table.apply(v));
    }
    int tables = 0;
    for (long[] v : space(k, max)) {
      Map<String, Long> truth = table.apply(v);
      Map<String, Mark> marks = CellSuppression.suppress(truth, relations, threshold, suppressZero);
      Map<String, Set<Long>> possible = new HashMap<>();
      for (Map<String, Long> candidate : attackTables) {
        if (consistent(candidate, truth, marks, threshold, suppressZero ? 0 : 1)) {
          marks.forEach((id, m) -> {
            if (m != Mark.SHOWN) {
              possible.computeIfAbsent(id, x -> new HashSet<>()).add(candidate.get(id));
            }
          });
        }
      }
      for (Map.Entry<String, Mark> e : marks.entrySet()) {
        if (e.getValue() != Mark.SHOWN) {
          Set<Long> values = possible.get(e.getKey());
          assertTrue(values != null && values.size() >= 2,
"zeros suppressed " + suppressZero + ", threshold " + threshold + ", table " + truth + ", marks " + marks + ": cell " + e.getKey() + " is recoverable as " + values);
        }
        if (e.getValue() == Mark.SMALL) {
          assertTrue(truth.get(e.getKey()) < threshold && (suppressZero || truth.get(e.getKey()) > 0));
        } else if (e.getValue() != Mark.HIDDEN) {
          long value = truth.get(e.getKey());
          assertTrue(value >= threshold || (e.getValue() == Mark.SHOWN && !suppressZero && value == 0), "only small counts are marked small: " + e);
        }
      }
      tables++;
    }
    assertEquals((long) Math.pow(max + 1, k), tables);
  }

  private static boolean consistent(Map<String, Long> candidate, Map<String, Long> truth, Map<String, Mark> marks, long threshold, long lowest) {
    for (Map.Entry<String, Mark> e : marks.entrySet()) {
      long c = candidate.get(e.getKey());
      boolean ok = switch (e.getValue()) {
        case SHOWN -> c == truth.get(e.getKey());
        case SMALL -> c >= lowest && c < threshold;
        case COMPLEMENTARY -> c >= threshold;
        case HIDDEN -> c >= lowest;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static List<long[]> space(int k, int max) {
    List<long[]> all = new ArrayList<>();
    long[] v = new long[k];
    while (true) {
      all.add(v.clone());
      int i = 0;
      while (i < k && v[i] == max) {
        v[i] = 0;
        i++;
      }
      if (i == k) {
        return all;
      }
      v[i]++;
    }
  }

  private static Map<String, Long> cells(Object... idValue) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < idValue.length; i += 2) {
      m.put((String) idValue[i], ((Number) idValue[i + 1]).longValue());
    }
    return m;
  }
}
