package org.gaitoutcomes.report;

import java.util.Locale;
import java.util.Map;

/** Number formatting for the report (fixed locale, ASCII minus, dash for missing). */
final class Format {
  static final String MISSING = "\u2013";

  private Format() {}

  static Double dbl(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  static Long lng(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v instanceof Number n ? n.longValue() : null;
  }

  static String str(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v == null ? null : v.toString();
  }

  static Boolean bool(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v instanceof Boolean b ? b : null;
  }

  static String fixed(Double v, int decimals) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return MISSING;
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
    // "-0.00" reads as a signed zero: print 0.
    return s.matches("-0\\.?0*") ? s.substring(1) : s;
  }

  static String ci(Double low, Double high, int decimals) {
    if (low == null || high == null) {
      return MISSING;
    }
    return fixed(low, decimals) + " to " + fixed(high, decimals);
  }

  static String pValue(Double p) {
    if (p == null) {
      return MISSING;
    }
    return p < 0.001 ? "<0.001" : fixed(p, 3);
  }

  /** A share as a percentage; values above 1 are taken to be percentages already. */
  static String percent(Double fraction) {
    return fraction == null ? MISSING : fixed(fraction > 1 ? fraction : 100 * fraction, 1) + "%";
  }

  /** Decimals for an effect on a given scale. */
  static int decimals(String scale) {
    return switch (scale == null ? "" : scale) {
      case "risk_difference", "survival_difference" -> 3;
      case "risk_ratio" -> 2;
      default -> 2;
    };
  }
}
