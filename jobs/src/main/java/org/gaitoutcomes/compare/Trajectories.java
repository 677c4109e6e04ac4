package org.gaitoutcomes.compare;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;

/**
 * Adjusted mean trajectories by arm: for a measure m, day 0 is column {@code m_baseline} and day d is
 * {@code m_baseline + m_change_d<d>} (the cohort's change is follow-up minus baseline). Each arm's mean
 * at each day is weighted by the primary estimand's propensity weights among the patients assessed
 * that day (a Hajek mean), with a robust standard error that holds the weights fixed. Descriptive:
 * the effect estimates, with missing-outcome weighting and full uncertainty, are in the estimates table.
 * All points come from one pass over the units (six sums per day and arm).
 */
final class Trajectories {
  private static final int SUMS = 6;

  private Trajectories() {}

  /** One measure: its baseline column and its follow-up days with their change columns, days ascending. */
  record Series(String measure, String baseline, List<Integer> days, List<String> changes) {
    /** Points of the series: day 0 and every follow-up day. */
    int points() {
      return days.size() + 1;
    }
  }

  /** A point of one arm: weighted mean, its standard error and the patients assessed. */
  record Point(double mean, double stdError, long n) {}

  /** The series of {@code measures} present in {@code columns}; a measure without {@code m_baseline} is skipped. */
  static List<Series> find(List<String> columns, List<String> measures) {
    List<Series> out = new ArrayList<>();
    for (String m : measures) {
      if (!columns.contains(m + "_baseline")) {
        continue;
      }
      Pattern change = Pattern.compile(Pattern.quote(m) + "_change_d(\\d+)");
      TreeMap<Integer, String> byDay = new TreeMap<>();
      for (String c : columns) {
        Matcher x = change.matcher(c);
        if (x.matches()) {
          byDay.put(Integer.parseInt(x.group(1)), c);
        }
      }
      out.add(new Series(m, m + "_baseline", List.copyOf(byDay.keySet()), List.copyOf(byDay.values())));
    }
    return out;
  }

  /** The value columns of every series point, series by series, point by point: day 0 is the baseline, day d baseline plus change. */
  static List<Column> values(List<Series> series) {
    List<Column> cols = new ArrayList<>();
    for (Series s : series) {
      Column base = col(s.baseline()).cast("double");
      cols.add(base);
      for (String c : s.changes()) {
        cols.add(base.plus(col(c).cast("double")));
      }
    }
    return cols;
  }

  /**
   * The six sums {n, sum w, sum w y, sum w^2, sum w^2 y, sum w^2 y^2} per series point and arm (treated
   * first), laid out series by series, point by point, from units carrying {@link AnalysisUnit#trajectory}
   * (the values of {@link #values}); trimmed patients are left out, the weight is the estimand's at the
   * (truncated) propensity.
   */
  static double[] sums(UnitSource units, List<Series> series, Estimand estimand) {
    int points = series.stream().mapToInt(Series::points).sum();
    return units.sum(points * 2 * SUMS, (u, acc) -> {
      if (u.subset > 0) {
        add(acc, u.t, estimand.weight(u.ew, u.t), u.trajectory);
      }
    });
  }

  /** Adds one patient with weight {@code w} and one value per point (NaN = not assessed). */
  static void add(double[] acc, double t, double w, double[] values) {
    int arm = t > 0 ? 0 : 1;
    for (int k = 0; k < values.length; k++) {
      double y = values[k];
      if (Double.isNaN(y)) {
        continue;
      }
      int o = (k * 2 + arm) * SUMS;
      acc[o] += 1;
      acc[o + 1] += w;
      acc[o + 2] += w * y;
      acc[o + 3] += w * w;
      acc[o + 4] += w * w * y;
      acc[o + 5] += w * w * y * y;
    }
  }

  /**
   * Point {@code k} of arm {@code arm} (0 treated, 1 comparator): mean = sum w y / sum w; variance with
   * the weights fixed = sum w^2 (y - mean)^2 / (sum w)^2 (the sandwich of a weighted mean).
   */
  static Point point(double[] sums, int k, int arm) {
    int o = (k * 2 + arm) * SUMS;
    double n = sums[o];
    double sw = sums[o + 1];
    if (n == 0 || sw <= 0) {
      return new Point(Double.NaN, Double.NaN, (long) n);
    }
    double mean = sums[o + 2] / sw;
    double ss = sums[o + 5] - 2 * mean * sums[o + 4] + mean * mean * sums[o + 3];
    return new Point(mean, Math.sqrt(Math.max(ss, 0)) / sw, (long) n);
  }
}
