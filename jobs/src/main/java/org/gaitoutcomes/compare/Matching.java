package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * 1:k nearest-neighbour propensity matching on the logit with replacement, within a caliper (ATT),
 * without any all-pairs comparison. Units are bucketed into caliper-wide bins of the logit; inside a
 * bin, controls are numbered in logit order and each treated unit learns how many controls precede
 * it. Its k nearest controls are then among the k before and k after it in its own bin, the last k
 * of the bin below and the first k of the bin above: at most 4k candidates, found by equi-joins.
 * The bins are window partitions: a bin holding a large share of the data is sorted by one task.
 * Ties are broken by row key, so the result does not depend on partitioning.
 */
public final class Matching {
  private Matching() {}

  /**
   * The matching result: weights {@code _wm} per matched unit (treated 1, control sum of 1/k_i; {@code _is_t} 1 for
   * treated), cached; the matched pairs {@code (t_key, c_key)}, cached (for the pair-cluster SE); and counts.
   */
  public record Result(Dataset<Row> weights, Dataset<Row> pairs, double caliper, long treatedMatched, long treatedUnmatched, long controlsUsed) {}

  /**
   * @param units columns {@code _key} (long), {@code _t} (0/1 double), {@code _lg} (logit propensity)
   * @param caliper maximum |logit difference|
   */
  public static Result match(Dataset<Row> units, int k, double caliper) {
    return result(units, nearestPairs(units, k, caliper), caliper);
  }

  /**
   * 1:k matching without replacement, in rounds: every treated unit still short of k matches
   * proposes to its nearest available control within the caliper; each control accepts its closest
   * proposer (ties by key); accepted pairs leave the pool. The globally closest remaining pair is
   * always accepted, so each round makes progress; after {@code maxRounds} the rest stay unmatched.
   * A parallel greedy variant: pairs can differ from a sequential greedy order (MatchIt's default).
   */
  public static Result matchWithoutReplacement(Dataset<Row> units, int k, double caliper, int maxRounds) {
    Dataset<Row> accepted = null;
    Dataset<Row> pool = units.select("_key", "_t", "_lg").localCheckpoint();
    for (int round = 0; round < maxRounds; round++) {
      Dataset<Row> proposals = nearestPairs(pool, 1, caliper);
      Dataset<Row> chosen = proposals
          .withColumn("_choice", row_number().over(Window.partitionBy("c_key").orderBy(col("_d"), col("t_key"))))
          .filter(col("_choice").equalTo(1)).select("t_key", "c_key", "_d").localCheckpoint();
      if (chosen.isEmpty()) {
        break;
      }
      accepted = accepted == null ? chosen : accepted.unionByName(chosen).localCheckpoint();
      Dataset<Row> perTreated = accepted.groupBy("t_key").agg(count(lit(1)).as("_m"));
      Dataset<Row> usedControls = accepted.select(col("c_key").as("_key"));
      Dataset<Row> fullTreated = perTreated.filter(col("_m").geq(k)).select(col("t_key").as("_key"));
      pool = pool.join(usedControls, new String[] {"_key"}, "left_anti").join(fullTreated, new String[] {"_key"}, "left_anti").localCheckpoint();
    }
    Dataset<Row> pairs = accepted == null
        ? units.filter(lit(false)).select(lit(0L).as("t_key"), lit(0L).as("c_key"))
        : accepted.select("t_key", "c_key");
    return result(units, pairs, caliper);
  }

  /** Pairs (t_key, c_key, _d) of each treated unit's k nearest controls within the caliper, found without all-pairs comparison. */
  static Dataset<Row> nearestPairs(Dataset<Row> units, int k, double caliper) {
    Dataset<Row> binned = units.withColumn("_bin", floor(col("_lg").divide(lit(caliper))));
    // Treated sort before controls at equal logits, so a treated row's running control count is the
    // number of controls strictly below it. Two numberings break ties between equal logits by key:
    // ascending (for the controls above a treated unit) and descending (for those below), so the
    // nearest k on each side are also the lowest keys among equal distances.
    WindowSpec ascending = Window.partitionBy("_bin").orderBy(col("_lg"), col("_t").desc(), col("_key"))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    WindowSpec descending = Window.partitionBy("_bin").orderBy(col("_lg"), col("_t").desc(), col("_key").desc())
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column isControl = when(col("_t").equalTo(0), 1L).otherwise(0L);
    Dataset<Row> ranked = binned.withColumn("_ca", sum(isControl).over(ascending)).withColumn("_cd", sum(isControl).over(descending));
    Dataset<Row> controls = ranked.filter(col("_t").equalTo(0))
        .select(col("_bin").as("c_bin"), col("_ca").as("c_a"), col("_cd").as("c_d"), col("_key").as("c_key"), col("_lg").as("c_lg"));
    Dataset<Row> binSizes = controls.groupBy("c_bin").agg(count(lit(1)).as("c_n"));
    Dataset<Row> treated = ranked.filter(col("_t").equalTo(1)).select(col("_key").as("t_key"), col("_lg").as("t_lg"), col("_bin"), col("_ca").as("_below"));
    Dataset<Row> below = binSizes.select(col("c_bin").plus(1).as("_bin"), col("c_n").as("below_n"));
    Dataset<Row> withBelow = treated.join(below, "_bin", "left");
    Column belowN = org.apache.spark.sql.functions.coalesce(col("below_n"), lit(0L));
    Dataset<Row> above = withBelow.select(col("t_key"), col("t_lg"), explode(org.apache.spark.sql.functions.concat(
            sequencePairs(col("_bin"), col("_below").plus(1), col("_below").plus(k)),
            sequencePairs(col("_bin").plus(1), lit(1L), lit((long) k)))).as("cand"))
        .select(col("t_key"), col("t_lg"), col("cand.b").as("c_bin"), col("cand.i").as("c_a"))
        .join(controls.drop("c_d"), new String[] {"c_bin", "c_a"});
    Dataset<Row> beneath = withBelow.select(col("t_key"), col("t_lg"), explode(org.apache.spark.sql.functions.concat(
            sequencePairs(col("_bin"), col("_below").minus(k - 1), col("_below")),
            sequencePairs(col("_bin").minus(1), belowN.minus(k - 1), belowN))).as("cand"))
        .select(col("t_key"), col("t_lg"), col("cand.b").as("c_bin"), col("cand.i").as("c_d"))
        .join(controls.drop("c_a"), new String[] {"c_bin", "c_d"});
    Dataset<Row> candidates = above.select("t_key", "t_lg", "c_key", "c_lg").unionByName(beneath.select("t_key", "t_lg", "c_key", "c_lg"));
    Dataset<Row> pairs = candidates
        .withColumn("_d", abs(col("t_lg").minus(col("c_lg"))))
        .filter(col("_d").leq(lit(caliper)))
        .withColumn("_rank", row_number().over(Window.partitionBy("t_key").orderBy(col("_d"), col("c_key"))))
        .filter(col("_rank").leq(lit(k)));
    return pairs.select("t_key", "c_key", "_d");
  }

  /** Matching weights from pairs: treated 1, each control the sum over its treated of 1 / (that treated's matches). */
  static Result result(Dataset<Row> units, Dataset<Row> found, double caliper) {
    Dataset<Row> pairs = found.select("t_key", "c_key").persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> perTreated = pairs.groupBy("t_key").agg(count(lit(1)).as("_k"));
    Dataset<Row> controlWeights = pairs.join(perTreated, "t_key")
        .groupBy(col("c_key").as("_key")).agg(sum(lit(1.0).divide(col("_k"))).as("_wm"));
    Dataset<Row> treatedWeights = perTreated.select(col("t_key").as("_key"), lit(1.0).as("_wm"), lit(1L).as("_is_t"));
    Dataset<Row> weights = treatedWeights.unionByName(controlWeights.withColumn("_is_t", lit(0L)))
        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    // driver-safe: one row of two counts
    Row counts = weights.agg(sum(col("_is_t")), sum(lit(1L).minus(col("_is_t")))).first();
    long matched = counts.isNullAt(0) ? 0 : counts.getLong(0);
    long controlsUsed = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long treatedTotal = units.filter(col("_t").equalTo(1)).count();
    return new Result(weights, pairs, caliper, matched, treatedTotal - matched, controlsUsed);
  }

  /**
   * Matching weights per row key (treated 1, control sum of 1/k_i; unmatched absent), the matched pairs
   * (each matched treated key with its controls' keys) and counts, from {@link #matchInMemory}.
   */
  public record InMemoryResult(java.util.Map<Long, Double> weights, java.util.Map<Long, long[]> pairs, double caliper,
      long treatedMatched, long treatedUnmatched, long controlsUsed) {}

  /**
   * The same 1:k matching with replacement as {@link #match}, on units held in the driver (small
   * analysis tables): each treated unit takes its k nearest controls on the logit within the caliper,
   * ties by distance then control key. Controls are sorted once; each treated unit walks outwards
   * from its position, so the cost is O(n log n + treated x k) without any all-pairs comparison.
   */
  public static InMemoryResult matchInMemory(long[] keys, double[] t, double[] logit, int k, double caliper) {
    Integer[] order = java.util.stream.IntStream.range(0, keys.length).filter(i -> t[i] == 0).boxed().toArray(Integer[]::new);
    java.util.Arrays.sort(order, java.util.Comparator.<Integer>comparingDouble(i -> logit[i]).thenComparingLong(i -> keys[i]));
    double[] cLg = new double[order.length];
    for (int i = 0; i < order.length; i++) {
      cLg[i] = logit[order[i]];
    }
    java.util.Map<Long, Double> weights = new java.util.TreeMap<>();
    java.util.Map<Long, long[]> pairs = new java.util.TreeMap<>();
    long treated = 0;
    long matched = 0;
    java.util.List<Candidate> candidates = new java.util.ArrayList<>();
    for (int u = 0; u < keys.length; u++) {
      if (t[u] == 0) {
        continue;
      }
      treated++;
      double x = logit[u];
      int split = lowerBound(cLg, x);
      candidates.clear();
      collect(candidates, order, keys, cLg, x, split - 1, -1, k, caliper);
      collect(candidates, order, keys, cLg, x, split, 1, k, caliper);
      candidates.sort(java.util.Comparator.comparingDouble(Candidate::distance).thenComparingLong(Candidate::key));
      int m = Math.min(k, candidates.size());
      if (m == 0) {
        continue;
      }
      matched++;
      weights.put(keys[u], 1.0);
      long[] chosen = new long[m];
      for (int j = 0; j < m; j++) {
        chosen[j] = candidates.get(j).key();
        weights.merge(chosen[j], 1.0 / m, Double::sum);
      }
      pairs.put(keys[u], chosen);
    }
    long controls = weights.size() - matched;
    return new InMemoryResult(weights, pairs, caliper, matched, treated - matched, controls);
  }

  /**
   * 1:k matching without replacement in MatchIt's default sequential greedy order ({@code m.order =
   * "largest"}): treated units by decreasing propensity, each taking the nearest still-available
   * control on the logit within the caliper (ties by control key); for k > 1 the treated take their
   * second match in a second sweep, and so on. Sequential by nature, so it runs on units held in the
   * driver (small analysis tables); the distributed path uses {@link #matchWithoutReplacement}.
   */
  public static InMemoryResult matchSequentialInMemory(long[] keys, double[] t, double[] logit, int k, double caliper) {
    java.util.TreeMap<Double, java.util.TreeSet<Long>> available = new java.util.TreeMap<>();
    java.util.List<Integer> treated = new java.util.ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      if (t[i] == 0) {
        available.computeIfAbsent(logit[i], x -> new java.util.TreeSet<>()).add(keys[i]);
      } else {
        treated.add(i);
      }
    }
    treated.sort(java.util.Comparator.<Integer>comparingDouble(i -> -logit[i]).thenComparingLong(i -> keys[i]));
    java.util.Map<Long, java.util.List<Long>> matches = new java.util.LinkedHashMap<>();
    for (int round = 0; round < k; round++) {
      for (int i : treated) {
        if (matches.getOrDefault(keys[i], java.util.List.of()).size() < round) {
          continue;
        }
        double x = logit[i];
        Double below = available.floorKey(x);
        Double above = available.ceilingKey(x);
        Double best = null;
        if (below != null && x - below <= caliper) {
          best = below;
        }
        if (above != null && above - x <= caliper && (best == null || above - x < x - best)) {
          best = above;
        }
        if (best == null) {
          continue;
        }
        java.util.TreeSet<Long> atBest = available.get(best);
        long control = atBest.pollFirst();
        if (atBest.isEmpty()) {
          available.remove(best);
        }
        matches.computeIfAbsent(keys[i], key -> new java.util.ArrayList<>()).add(control);
      }
    }
    java.util.Map<Long, Double> weights = new java.util.TreeMap<>();
    java.util.Map<Long, long[]> pairs = new java.util.TreeMap<>();
    long controls = 0;
    for (java.util.Map.Entry<Long, java.util.List<Long>> m : matches.entrySet()) {
      weights.put(m.getKey(), 1.0);
      pairs.put(m.getKey(), m.getValue().stream().mapToLong(Long::longValue).toArray());
      for (long c : m.getValue()) {
        weights.put(c, 1.0 / m.getValue().size());
        controls++;
      }
    }
    return new InMemoryResult(weights, pairs, caliper, matches.size(), treated.size() - matches.size(), controls);
  }

  private record Candidate(double distance, long key) {}

  /** Controls from index {@code from} in direction {@code step}: the k nearest within the caliper, plus ties at the k-th distance. */
  private static void collect(java.util.List<Candidate> out, Integer[] order, long[] keys, double[] cLg, double x, int from, int step, int k, double caliper) {
    int taken = 0;
    double last = Double.NaN;
    for (int i = from; i >= 0 && i < cLg.length; i += step) {
      double d = Math.abs(x - cLg[i]);
      if (d > caliper || (taken >= k && d != last)) {
        return;
      }
      int unit = order[i];
      out.add(new Candidate(d, keys[unit]));
      taken++;
      last = d;
    }
  }

  /** The first index whose value is >= x in an ascending array. */
  private static int lowerBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** An array of (b, i) structs for i in from..to (empty when from > to or from < 1 is clipped). */
  private static Column sequencePairs(Column bin, Column from, Column to) {
    Column lo = org.apache.spark.sql.functions.greatest(from, lit(1L));
    Column seq = sequence(lo, org.apache.spark.sql.functions.greatest(to, lo.minus(1)));
    Column valid = to.geq(lo);
    return when(valid, org.apache.spark.sql.functions.transform(seq,
            i -> org.apache.spark.sql.functions.struct(bin.cast("long").as("b"), i.cast("long").as("i"))))
        .otherwise(org.apache.spark.sql.functions.array().cast("array<struct<b:bigint,i:bigint>>"));
  }
}
