package org.gaitoutcomes.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/** One point of a figure's data in results/curves (propensity histogram, Kaplan-Meier, trajectory), n null when suppressed. */
public record CurvePoint(String figure, String series, String arm, double x, Double y, Double yLow, Double yHigh, Long n) {
  /** The row in the column order of the curves contract. */
  public Map<String, Object> toMap() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("figure", figure);
    r.put("series", series);
    r.put("arm", arm);
    r.put("x", x);
    r.put("y", y);
    r.put("y_low", yLow);
    r.put("y_high", yHigh);
    r.put("n", n);
    return r;
  }
}
