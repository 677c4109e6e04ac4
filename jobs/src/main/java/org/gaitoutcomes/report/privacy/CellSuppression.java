package org.gaitoutcomes.report.privacy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Small-cell suppression of patient counts with complementary suppression, in plain Java.
 *
 * <p>Primary suppression: every count below the threshold (0 included) is marked {@link Mark#SMALL}
 * and shown as {@code <threshold}. Complementary suppression: counts are tied by additive
 * {@link Relation}s (total = sum of parts, e.g. previous step = remaining + excluded, or all = treated +
 * control); a suppressed cell must not be recoverable from the shown cells. Cells are added as
 * {@link Mark#COMPLEMENTARY} (smallest value first) until (1) no relation has exactly one suppressed
 * cell, (1b) no relation with a shown total discloses the sum of its suppressed parts as a count
 * below the threshold, (2) no suppressed cell is determined by the linear system of relations, and (3) no suppressed
 * cell is pinned by interval reasoning with what the markers disclose (a small cell lies in
 * [0, threshold-1], a complementary cell is at least the threshold). This is the standard
 * heuristic of statistical disclosure control (Hundepool et al., Statistical Disclosure Control,
 * Wiley 2012, ch. 4: primary and secondary cell suppression). The check (linear algebra plus interval
 * propagation) is not a full integer-programming audit: it is verified by brute force in the tests on
 * the table shapes the report publishes (sums of parts, attrition chains, steps by arm). Counts a
 * reader can derive but that are not printed (e.g. patients a rule excluded from one arm) belong in
 * {@code counts} as ordinary cells, so they are protected like printed ones.
 */
public final class CellSuppression {
  /** What a cell may show. */
  public enum Mark {
    /** The count is printed. */
    SHOWN,
    /** Below the threshold: printed as {@code <threshold}. */
    SMALL,
    /** At or above the threshold, hidden so that a small cell cannot be worked out: printed as {@code hidden}. */
    COMPLEMENTARY,
    /**
     * Any value, printed as {@code hidden} with no bound: used for every suppressed cell of relations
     * where even hiding all cells would let the markers' bounds pin a value (tiny tables).
     */
    HIDDEN;

    public boolean suppressed() {
      return this != SHOWN;
    }
  }

  /** {@code total = parts[0] + parts[1] + ...}, over cell ids. */
  public record Relation(String total, List<String> parts) {
    public Relation {
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("relation for " + total + " has no parts");
      }
      parts = List.copyOf(parts);
    }

    public static Relation of(String total, String... parts) {
      return new Relation(total, List.of(parts));
    }

    List<String> cells() {
      List<String> all = new ArrayList<>(parts.size() + 1);
      all.add(total);
      all.addAll(parts);
      return all;
    }
  }

  private CellSuppression() {}

  /**
   * Marks each cell of {@code counts} (id to patient count, insertion order is the tie-break order)
   * given the relations that tie them and the threshold (counts below it are small).
   */
  public static Map<String, Mark> suppress(Map<String, Long> counts, List<Relation> relations, long threshold) {
    return suppress(counts, relations, threshold, true);
  }

  /**
   * As {@link #suppress(Map, List, long)}; with {@code suppressZero = false} zero counts are shown
   * (a zero discloses no patient; the CMS cell-size policy suppresses 1 to 10) and never used as
   * complementary cells, and a reader knows every hidden count is at least 1.
   */
  public static Map<String, Mark> suppress(Map<String, Long> counts, List<Relation> relations, long threshold, boolean suppressZero) {
    return suppress(counts, relations, threshold, suppressZero, Map.of());
  }

  /**
   * As {@link #suppress(Map, List, long, boolean)}, choosing complementary cells by {@code priority}
   * first (lowest hidden first; absent = 0), then by the smallest count. Give cells a reader needs
   * most (e.g. the final cohort by arm) a high priority and cells that are never printed but only
   * derivable a negative one.
   */
  public static Map<String, Mark> suppress(Map<String, Long> counts, List<Relation> relations, long threshold, boolean suppressZero,
      Map<String, Integer> priority) {
    if (threshold < 2) {
      // With threshold 1 the marker "<1" would state the value (0): nothing would be hidden.
      throw new IllegalArgumentException("small-count threshold must be >= 2, got " + threshold);
    }
    for (Relation r : relations) {
      for (String id : r.cells()) {
        if (!counts.containsKey(id)) {
          throw new IllegalArgumentException("relation names unknown cell '" + id + "'");
        }
      }
    }
    Map<String, Mark> marks = new LinkedHashMap<>();
    counts.forEach((id, v) -> {
      if (v == null || v < 0) {
        throw new IllegalArgumentException("cell '" + id + "' has no valid count: " + v);
      }
      marks.put(id, v < threshold && (suppressZero || v > 0) ? Mark.SMALL : Mark.SHOWN);
    });
    List<String> order = new ArrayList<>(counts.keySet());
    boolean changed = true;
    int rounds = 0;
    while (changed) {
      changed = false;
      if (++rounds > 10 * (counts.size() + 1)) {
        throw new IllegalStateException("cell suppression did not converge on " + counts + ": " + marks);
      }
      for (Relation r : relations) {
        long suppressed = r.cells().stream().filter(c -> marks.get(c).suppressed()).count();
        if (suppressed == 1 || smallHiddenSum(r, counts, marks, threshold)) {
          Optional<String> pick = smallestShown(r, counts, marks, order, priority);
          if (pick.isPresent()) {
            marks.put(pick.get(), Mark.COMPLEMENTARY);
            changed = true;
          }
        }
      }
      if (!changed) {
        for (String pinned : recoverable(counts, marks, relations, threshold, suppressZero)) {
          Optional<String> pick = relations.stream().filter(r -> r.cells().contains(pinned))
              .map(r -> smallestShown(r, counts, marks, order, priority)).flatMap(Optional::stream)
              .min(byPriorityAndValue(counts, order, priority));
          if (pick.isPresent()) {
            marks.put(pick.get(), Mark.COMPLEMENTARY);
            changed = true;
            break;
          }
          // Every cell around it is hidden already: drop the bounds the markers disclose, across
          // everything connected to it through relations.
          for (String c : component(pinned, relations)) {
            if (marks.get(c) == Mark.SMALL || marks.get(c) == Mark.COMPLEMENTARY) {
              marks.put(c, Mark.HIDDEN);
              changed = true;
            }
          }
          if (changed) {
            break;
          }
        }
      }
    }
    List<String> left = new ArrayList<>(recoverable(counts, marks, relations, threshold, suppressZero));
    relations.stream().filter(r -> smallHiddenSum(r, counts, marks, threshold)).forEach(r -> left.add("sum of the suppressed parts of " + r.total()));
    if (!left.isEmpty()) {
      throw new IllegalStateException("small-cell suppression cannot protect cells " + left);
    }
    return marks;
  }

  /**
   * Suppressed cells an observer can work out exactly from the shown cells, the relations and the
   * markers' bounds (empty when the table is safe). Exposed for tests and as a final check.
   */
  public static List<String> recoverable(Map<String, Long> counts, Map<String, Mark> marks, List<Relation> relations, long threshold) {
    return recoverable(counts, marks, relations, threshold, true);
  }

  /** As {@link #recoverable(Map, Map, List, long)}, knowing whether zeros are suppressed. */
  public static List<String> recoverable(Map<String, Long> counts, Map<String, Mark> marks, List<Relation> relations, long threshold,
      boolean suppressZero) {
    List<String> unknown = new ArrayList<>();
    marks.forEach((id, m) -> {
      if (m != Mark.SHOWN) {
        unknown.add(id);
      }
    });
    List<String> pinned = new ArrayList<>();
    if (unknown.isEmpty()) {
      return pinned;
    }
    boolean[] determined = linearlyDetermined(counts, marks, relations, unknown);
    double[][] bounds = intervalBounds(counts, marks, relations, unknown, threshold, suppressZero ? 0 : 1);
    for (int j = 0; j < unknown.size(); j++) {
      if (determined[j] || bounds[j][0] >= bounds[j][1]) {
        pinned.add(unknown.get(j));
      }
    }
    return pinned;
  }

  /**
   * Whether a relation with a shown total discloses the sum of its suppressed parts as a small count
   * (total 68 shown, parts 60 shown, 5 and 3 suppressed: 8 patients are in the two small cells
   * together, itself a count below the threshold).
   */
  static boolean smallHiddenSum(Relation r, Map<String, Long> counts, Map<String, Mark> marks, long threshold) {
    if (marks.get(r.total()).suppressed()) {
      return false;
    }
    long sum = 0;
    int hidden = 0;
    for (String p : r.parts()) {
      if (marks.get(p).suppressed()) {
        sum += counts.get(p);
        hidden++;
      }
    }
    return hidden > 1 && sum > 0 && sum < threshold;
  }

  /** Cells connected to {@code start} through relations. */
  private static java.util.Set<String> component(String start, List<Relation> relations) {
    java.util.Set<String> seen = new java.util.LinkedHashSet<>(List.of(start));
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      String c = todo.pop();
      for (Relation r : relations) {
        if (r.cells().contains(c)) {
          for (String other : r.cells()) {
            if (seen.add(other)) {
              todo.push(other);
            }
          }
        }
      }
    }
    return seen;
  }

  private static Optional<String> smallestShown(Relation r, Map<String, Long> counts, Map<String, Mark> marks, List<String> order,
      Map<String, Integer> priority) {
    // Parts before the total on ties: a hidden total removes more information than a hidden part.
    // Shown zeros are never hidden: a reader who knows zeros are shown would read "hidden" as ">= 1".
    return r.cells().stream().filter(c -> marks.get(c) == Mark.SHOWN && counts.get(c) > 0)
        .min(Comparator.<String>comparingInt(c -> priority.getOrDefault(c, 0)).thenComparingLong(counts::get)
            .thenComparingInt(c -> c.equals(r.total()) ? 1 : 0).thenComparingInt(order::indexOf));
  }

  private static Comparator<String> byPriorityAndValue(Map<String, Long> counts, List<String> order, Map<String, Integer> priority) {
    return Comparator.<String>comparingInt(c -> priority.getOrDefault(c, 0)).thenComparingLong(counts::get).thenComparingInt(order::indexOf);
  }

  /** Gaussian elimination over the suppressed cells: x_j is determined iff e_j lies in the row space. */
  private static boolean[] linearlyDetermined(Map<String, Long> counts, Map<String, Mark> marks, List<Relation> relations, List<String> unknown) {
    int n = unknown.size();
    List<double[]> rows = new ArrayList<>();
    for (Relation r : relations) {
      double[] row = new double[n];
      boolean any = false;
      for (String c : r.cells()) {
        int j = unknown.indexOf(c);
        if (j >= 0) {
          row[j] += c.equals(r.total()) ? 1 : -1;
          any = true;
        }
      }
      if (any) {
        rows.add(row);
      }
    }
    double[][] m = rows.toArray(new double[0][]);
    int rank = 0;
    int[] pivotRowOfColumn = new int[n];
    java.util.Arrays.fill(pivotRowOfColumn, -1);
    for (int col = 0; col < n && rank < m.length; col++) {
      int best = -1;
      for (int i = rank; i < m.length; i++) {
        if (Math.abs(m[i][col]) > 1e-9 && (best < 0 || Math.abs(m[i][col]) > Math.abs(m[best][col]))) {
          best = i;
        }
      }
      if (best < 0) {
        continue;
      }
      double[] tmp = m[rank];
      m[rank] = m[best];
      m[best] = tmp;
      double p = m[rank][col];
      for (int k = 0; k < n; k++) {
        m[rank][k] /= p;
      }
      for (int i = 0; i < m.length; i++) {
        if (i != rank && Math.abs(m[i][col]) > 1e-9) {
          double f = m[i][col];
          for (int k = 0; k < n; k++) {
            m[i][k] -= f * m[rank][k];
          }
        }
      }
      pivotRowOfColumn[col] = rank;
      rank++;
    }
    boolean[] determined = new boolean[n];
    for (int col = 0; col < n; col++) {
      int row = pivotRowOfColumn[col];
      if (row < 0) {
        continue;
      }
      boolean unit = true;
      for (int k = 0; k < n; k++) {
        if (k != col && Math.abs(m[row][k]) > 1e-9) {
          unit = false;
          break;
        }
      }
      determined[col] = unit;
    }
    return determined;
  }

  /** Bounds each suppressed cell can be narrowed to by propagating the relations (outer bounds). */
  private static double[][] intervalBounds(Map<String, Long> counts, Map<String, Mark> marks, List<Relation> relations, List<String> unknown,
      long threshold, long lowest) {
    double[][] b = new double[unknown.size()][];
    for (int j = 0; j < unknown.size(); j++) {
      b[j] = switch (marks.get(unknown.get(j))) {
        case SMALL -> new double[] {lowest, threshold - 1};
        case COMPLEMENTARY -> new double[] {threshold, Double.POSITIVE_INFINITY};
        default -> new double[] {lowest, Double.POSITIVE_INFINITY};
      };
    }
    for (int iteration = 0; iteration < 200; iteration++) {
      boolean tightened = false;
      for (Relation r : relations) {
        // total - sum(parts) = 0, written as sum(coef_c * x_c) = 0 with coef +1 for the total, -1 for parts.
        List<String> cells = r.cells();
        for (String target : cells) {
          int t = unknown.indexOf(target);
          if (t < 0) {
            continue;
          }
          double coefT = target.equals(r.total()) ? 1 : -1;
          // coefT * x_t = -sum_{others} coef_c * x_c
          double lo = 0;
          double hi = 0;
          for (String c : cells) {
            if (c.equals(target)) {
              continue;
            }
            double coef = c.equals(r.total()) ? -1 : 1; // moved to the right-hand side
            int k = unknown.indexOf(c);
            double cLo = k < 0 ? counts.get(c) : b[k][0];
            double cHi = k < 0 ? counts.get(c) : b[k][1];
            lo += coef > 0 ? cLo : -cHi;
            hi += coef > 0 ? cHi : -cLo;
          }
          double newLo = coefT > 0 ? lo : -hi;
          double newHi = coefT > 0 ? hi : -lo;
          if (newLo > b[t][0] + 1e-9) {
            b[t][0] = newLo;
            tightened = true;
          }
          if (newHi < b[t][1] - 1e-9) {
            b[t][1] = newHi;
            tightened = true;
          }
        }
      }
      if (!tightened) {
        break;
      }
    }
    return b;
  }
}
