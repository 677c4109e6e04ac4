package org.gaitoutcomes.compare;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Regression random forests grown from binned sums over a {@link UnitSource}, several forests at
 * once: the flexible outcome learner of cross-fitted AIPW (one forest per fold and arm) and the
 * DR-learner's importance forest. Each tree level of every tree of every forest is one pass of
 * per-bin counts and outcome sums; choosing splits is driver arithmetic on those sums. Same numbers
 * in memory and distributed, and independent of partitioning, since only sums are combined.
 *
 * <p>The forest follows MLlib's RandomForestRegressor as configured here (variance impurity, no
 * bootstrap, a fresh random third of the features at every node, depth-limited, at most
 * {@value #BINS} candidate thresholds per feature, nodes with fewer than 2 rows or no variance gain
 * are leaves). Thresholds are quantiles of each feature from a 1,024-cell histogram (two passes), and
 * a leaf predicts the mean outcome of its training rows. Feature importance is MLlib's: the variance
 * reduction (gain times rows) of every split on the feature, normalised per tree, averaged over trees.
 *
 * <p>A forest with more than {@code rowsPerForest} training rows is grown on a random subsample of
 * about that many of them (without replacement): each row stays with probability rowsPerForest /
 * rows, decided by a hash of the row key, the seed and the forest, so the draw depends on the data
 * alone, not on partitioning or path. Its trees differ by their feature draws, as on all rows. A
 * forest with at most rowsPerForest rows (or rowsPerForest 0) is grown on every row, as before. A
 * level then costs a hash per row and forest plus the sums of the subsample, whatever the size of
 * the table.
 */
public final class HistogramForest implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Candidate thresholds per feature (MLlib's default maxBins). */
  public static final int BINS = 32;
  /**
   * Relative margin by which a split's gain must exceed the best so far to replace it: far above the
   * rounding of the bin sums (about 1e-16 relative), far below any difference that matters, so exact
   * ties go to the first candidate (feature slot, then bin) on every path and partitioning.
   */
  static final double TIE = 1e-9;
  private static final int FINE = 1024;

  /** Which forests a unit trains (indices into the forests; empty: none). */
  @FunctionalInterface
  public interface Membership extends Serializable {
    int[] forests(AnalysisUnit u);
  }

  /** The features a unit is split on (the same length for every unit). */
  @FunctionalInterface
  public interface Features extends Serializable {
    double[] of(AnalysisUnit u);
  }

  /** The response of a unit (never NaN for a training unit). */
  @FunctionalInterface
  public interface Response extends Serializable {
    double of(AnalysisUnit u);
  }

  private final int forests;
  private final int trees;
  private final int depth;
  /** Per forest and tree, a complete binary tree in heap order: split feature (-1 leaf), threshold, leaf value. */
  private final int[][][] feature;
  private final double[][][] threshold;
  private final double[][][] value;
  private final double[][] importance;

  private HistogramForest(int forests, int trees, int depth, int features) {
    this.forests = forests;
    this.trees = trees;
    this.depth = depth;
    int nodes = (1 << (depth + 1)) - 1;
    feature = new int[forests][trees][nodes];
    threshold = new double[forests][trees][nodes];
    value = new double[forests][trees][nodes];
    for (int[][] f : feature) {
      for (int[] t : f) {
        Arrays.fill(t, -1);
      }
    }
    importance = new double[forests][features];
  }

  /**
   * The fitted trees as plain arrays (results/model/models.json): per forest and tree, a complete
   * binary tree in heap order of split feature (-1 for a leaf), threshold and leaf value.
   */
  public record Trees(int forests, int trees, int depth, int[][][] feature, double[][][] threshold, double[][][] value, double[][] importance) {}

  public Trees trees() {
    return new Trees(forests, trees, depth, feature, threshold, value, importance);
  }

  /** The forests of {@link #trees()}, predicting as when they were fitted. */
  public static HistogramForest of(Trees t) {
    HistogramForest f = new HistogramForest(t.forests(), t.trees(), t.depth(), t.importance()[0].length);
    for (int m = 0; m < t.forests(); m++) {
      for (int j = 0; j < t.trees(); j++) {
        f.feature[m][j] = t.feature()[m][j].clone();
        f.threshold[m][j] = t.threshold()[m][j].clone();
        f.value[m][j] = t.value()[m][j].clone();
      }
      f.importance[m] = t.importance()[m].clone();
    }
    return f;
  }

  /** Mean prediction of a forest's trees for a feature row. */
  public double predict(int forest, double[] x) {
    double total = 0;
    for (int j = 0; j < trees; j++) {
      int[] split = feature[forest][j];
      double[] at = threshold[forest][j];
      int node = 0;
      while (split[node] >= 0) {
        node = 2 * node + (x[split[node]] <= at[node] ? 1 : 2);
      }
      total += value[forest][j][node];
    }
    return total / trees;
  }

  /** Feature importances of one forest, summing to 1 (all 0 when no tree split). */
  public double[] importance(int forest) {
    return importance[forest].clone();
  }

  /**
   * Grows {@code forests} forests of {@code trees} trees of depth at most {@code depth}; each unit
   * trains the forests {@code membership} names; a forest with more than {@code rowsPerForest} rows is
   * grown on a subsample of about that many (0: every row). Passes: two for the thresholds (the
   * second also counts each forest's rows), one per tree level.
   */
  public static HistogramForest fit(UnitSource s, int forests, int featureCount, Membership membership, Features features, Response response,
      int trees, int depth, long rowsPerForest, long seed) {
    return fit(s, thresholds(s, forests, featureCount, membership, features), forests, featureCount, membership, features, response,
        trees, depth, rowsPerForest, seed);
  }

  /**
   * As {@link #fit(UnitSource, int, int, Membership, Features, Response, int, int, long, long)} with the
   * thresholds pass done: {@code th} must be what {@link #thresholds} gives for these units, forests and
   * membership (or for a membership with the same training units, whose row counts are sliced to these forests).
   */
  static HistogramForest fit(UnitSource s, Thresholds th, int forests, int featureCount, Membership membership, Features features,
      Response response, int trees, int depth, long rowsPerForest, long seed) {
    double[][] edges = th.edges();
    double[] keep = new double[forests];
    for (int m = 0; m < forests; m++) {
      keep[m] = rowsPerForest > 0 && th.rows()[m] > rowsPerForest ? rowsPerForest / th.rows()[m] : 1;
    }
    int perNode = (int) Math.ceil(featureCount / 3.0);
    HistogramForest f = new HistogramForest(forests, trees, depth, featureCount);
    // Per forest, tree and node: training rows and outcome sum (known for a node once its parent split).
    double[][][] n = new double[forests][trees][f.feature[0][0].length];
    double[][][] sum = new double[forests][trees][f.feature[0][0].length];
    boolean[][][] open = new boolean[forests][trees][f.feature[0][0].length];
    for (boolean[][] o : open) {
      for (boolean[] t : o) {
        t[0] = true;
      }
    }
    double[][][] treeGain = new double[forests][trees][featureCount];
    for (int level = 0; level < depth; level++) {
      int width = 1 << level;
      int first = width - 1;
      int[][][][] subsets = new int[forests][trees][width][];
      boolean any = false;
      for (int m = 0; m < forests; m++) {
        for (int j = 0; j < trees; j++) {
          for (int i = 0; i < width; i++) {
            if (open[m][j][first + i]) {
              subsets[m][j][i] = subset(seed, m, j, first + i, featureCount, perNode);
              any = true;
            }
          }
        }
      }
      if (!any) {
        break;
      }
      double[] acc = levelSums(s, f, edges, subsets, level, perNode, membership, features, response, keep, seed);
      int stride = perNode * BINS * 2;
      for (int m = 0; m < forests; m++) {
        for (int j = 0; j < trees; j++) {
          for (int i = 0; i < width; i++) {
            int node = first + i;
            if (!open[m][j][node]) {
              continue;
            }
            int base = ((m * trees + j) * width + i) * stride;
            double nodeN = 0;
            double nodeSum = 0;
            for (int b = 0; b < BINS; b++) {
              nodeN += acc[base + 2 * b];
              nodeSum += acc[base + 2 * b + 1];
            }
            if (level == 0) {
              n[m][j][0] = nodeN;
              sum[m][j][0] = nodeSum;
            }
            f.value[m][j][node] = nodeN > 0 ? nodeSum / nodeN : 0;
            open[m][j][node] = false;
            if (nodeN < 2) {
              continue;
            }
            double parent = nodeSum * nodeSum / nodeN;
            double bestGain = 1e-12 * Math.max(Math.abs(parent), 1e-300);
            int bestQ = -1;
            int bestBin = -1;
            double bestLn = 0;
            double bestLs = 0;
            for (int q = 0; q < perNode; q++) {
              int feat = subsets[m][j][i][q];
              double ln = 0;
              double ls = 0;
              for (int b = 0; b < edges[feat].length - 1; b++) {
                int o = base + (q * BINS + b) * 2;
                ln += acc[o];
                ls += acc[o + 1];
                double rn = nodeN - ln;
                if (ln < 1 || rn < 1) {
                  continue;
                }
                double rs = nodeSum - ls;
                double explained = ls * ls / ln + rs * rs / rn;
                double gain = explained - parent;
                // A later candidate must beat the best by more than rounding: sums merged in another order
                // (in memory, or per partition) differ in their last bits, and a tie must not flip.
                if (gain > bestGain + (bestQ < 0 ? 0 : TIE * (explained + Math.abs(parent)))) {
                  bestGain = gain;
                  bestQ = q;
                  bestBin = b;
                  bestLn = ln;
                  bestLs = ls;
                }
              }
            }
            if (bestQ < 0) {
              continue;
            }
            int feat = subsets[m][j][i][bestQ];
            f.feature[m][j][node] = feat;
            f.threshold[m][j][node] = edges[feat][bestBin];
            treeGain[m][j][feat] += bestGain;
            int left = 2 * node + 1;
            int right = 2 * node + 2;
            n[m][j][left] = bestLn;
            sum[m][j][left] = bestLs;
            n[m][j][right] = nodeN - bestLn;
            sum[m][j][right] = nodeSum - bestLs;
            f.value[m][j][left] = bestLs / bestLn;
            f.value[m][j][right] = (nodeSum - bestLs) / (nodeN - bestLn);
            boolean deeper = level + 1 < depth;
            open[m][j][left] = deeper;
            open[m][j][right] = deeper;
          }
        }
      }
    }
    for (int m = 0; m < forests; m++) {
      double total = 0;
      for (int j = 0; j < trees; j++) {
        double t = Arrays.stream(treeGain[m][j]).sum();
        if (t > 0) {
          for (int k = 0; k < featureCount; k++) {
            f.importance[m][k] += treeGain[m][j][k] / t;
          }
        }
      }
      for (double v : f.importance[m]) {
        total += v;
      }
      if (total > 0) {
        for (int k = 0; k < featureCount; k++) {
          f.importance[m][k] /= total;
        }
      }
    }
    return f;
  }

  /** Per (forest, tree, open node at this level, feature slot, bin): training rows and outcome sum. One pass. */
  private static double[] levelSums(UnitSource s, HistogramForest f, double[][] edges, int[][][][] subsets, int level, int perNode,
      Membership membership, Features features, Response response, double[] keep, long seed) {
    int trees = f.trees;
    int width = 1 << level;
    int first = width - 1;
    int stride = perNode * BINS * 2;
    int length = f.forests * trees * width * stride;
    int[][][] splitFeature = f.feature;
    double[][][] splitAt = f.threshold;
    return s.sum(length, (u, a) -> {
      int[] member = membership.forests(u);
      if (member.length == 0) {
        return;
      }
      double[] x = features.of(u);
      double y = response.of(u);
      // Each feature's bin, found once per row rather than once per tree and feature slot (a binary
      // search mispredicts most of its branches; this was most of a level pass's time).
      int[] bins = null;
      for (int m : member) {
        if (keep[m] < 1 && !inSubsample(u.key, seed, m, keep[m])) {
          continue;
        }
        if (bins == null) {
          bins = new int[edges.length];
          for (int k = 0; k < edges.length; k++) {
            bins[k] = bin(edges[k], x[k]);
          }
        }
        for (int j = 0; j < trees; j++) {
          int[] feature = splitFeature[m][j];
          double[] at = splitAt[m][j];
          int node = 0;
          while (node < first && feature[node] >= 0) {
            node = 2 * node + (x[feature[node]] <= at[node] ? 1 : 2);
          }
          if (node < first) {
            continue;
          }
          int[] sub = subsets[m][j][node - first];
          if (sub == null) {
            continue;
          }
          int base = ((m * trees + j) * width + node - first) * stride;
          for (int q = 0; q < perNode; q++) {
            int o = base + (q * BINS + bins[sub[q]]) * 2;
            a[o] += 1;
            a[o + 1] += y;
          }
        }
      }
    });
  }

  /** The bin of a value: the first threshold it does not exceed (the last bin is open above). */
  static int bin(double[] edges, double x) {
    int lo = 0;
    int hi = edges.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (x <= edges[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /**
   * Whether forest {@code forest} trains on the row with this key: a SplitMix64 hash of key, seed and
   * forest, as a uniform number in [0, 1), below {@code share}.
   */
  static boolean inSubsample(long key, long seed, int forest, double share) {
    long z = key * 0x9E3779B97F4A7C15L + seed * 0xD6E8FEB86659FD93L + forest * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53 < share;
  }

  /** Candidate thresholds per feature ({@link #thresholds}) and the training rows of each forest. */
  record Thresholds(double[][] edges, double[] rows) {
    /** The thresholds with the row counts of forests {@code from .. from + count - 1} only. */
    Thresholds forests(int from, int count) {
      return new Thresholds(edges, Arrays.copyOfRange(rows, from, from + count));
    }
  }

  /**
   * Candidate thresholds per feature, ascending and distinct, at most {@value #BINS} (the last one is
   * +infinity, closing the last bin): range in one pass, a 1,024-cell histogram in a second (which
   * also counts each forest's rows), then the cell boundaries where the cumulative share crosses
   * k / 32; constant features get none to split on.
   */
  static Thresholds thresholds(UnitSource s, int forests, int featureCount, Membership membership, Features features) {
    double[] range = s.max(2 * featureCount, (u, a) -> {
      if (membership.forests(u).length == 0) {
        return;
      }
      double[] x = features.of(u);
      for (int k = 0; k < featureCount; k++) {
        a[2 * k] = Math.max(a[2 * k], -x[k]);
        a[2 * k + 1] = Math.max(a[2 * k + 1], x[k]);
      }
    });
    double[] lo = new double[featureCount];
    double[] width = new double[featureCount];
    for (int k = 0; k < featureCount; k++) {
      lo[k] = -range[2 * k];
      width[k] = (range[2 * k + 1] - lo[k]) / FINE;
    }
    int counts = featureCount * FINE;
    double[] cells = s.sum(counts + forests, (u, a) -> {
      int[] member = membership.forests(u);
      if (member.length == 0) {
        return;
      }
      double[] x = features.of(u);
      for (int k = 0; k < featureCount; k++) {
        a[k * FINE + cell(x[k], lo[k], width[k])] += 1;
      }
      for (int m : member) {
        a[counts + m] += 1;
      }
    });
    double[][] edges = new double[featureCount][];
    for (int k = 0; k < featureCount; k++) {
      double total = 0;
      for (int c = 0; c < FINE; c++) {
        total += cells[k * FINE + c];
      }
      java.util.TreeSet<Double> cut = new java.util.TreeSet<>();
      double cum = 0;
      int next = 1;
      for (int c = 0; c < FINE - 1 && width[k] > 0; c++) {
        cum += cells[k * FINE + c];
        boolean crossed = false;
        while (next < BINS && cum >= total * next / BINS) {
          crossed = true;
          next++;
        }
        if (crossed && cum > 0 && cum < total) {
          // The largest value of cell c is at most its upper boundary: split there.
          cut.add(lo[k] + (c + 1) * width[k]);
        }
      }
      double[] e = new double[cut.size() + 1];
      int i = 0;
      for (double v : cut) {
        e[i++] = v;
      }
      e[i] = Double.POSITIVE_INFINITY;
      edges[k] = e;
    }
    return new Thresholds(edges, Arrays.copyOfRange(cells, counts, counts + forests));
  }

  private static int cell(double x, double lo, double width) {
    if (width <= 0) {
      return 0;
    }
    int c = (int) Math.floor((x - lo) / width);
    return Math.max(0, Math.min(FINE - 1, c));
  }

  /** A node's random feature subset: {@code size} distinct features by a seeded partial shuffle (SplitMix64 stream). */
  static int[] subset(long seed, int forest, int tree, int node, int featureCount, int size) {
    int[] all = new int[featureCount];
    for (int k = 0; k < featureCount; k++) {
      all[k] = k;
    }
    long state = seed * 0x9E3779B97F4A7C15L + forest * 0xBF58476D1CE4E5B9L + tree * 0x94D049BB133111EBL + node;
    for (int k = 0; k < size; k++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
      int pick = k + (int) Math.floorMod(z, (long) (featureCount - k));
      int t = all[k];
      all[k] = all[pick];
      all[pick] = t;
    }
    int[] chosen = Arrays.copyOf(all, size);
    Arrays.sort(chosen);
    return chosen;
  }
}
