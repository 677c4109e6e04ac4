package org.gaitoutcomes.compare;

import java.util.List;
import org.gaitoutcomes.GaitException;

/** The registry of comparison methods, in the order the results list them (time-to-event rows follow it too). */
public final class ComparisonMethods {
  private ComparisonMethods() {}

  public static final List<ComparisonMethod> ALL = List.of(
      new UnadjustedMethod(), new GComputationMethod(), new IptwMethod(), new MatchingMethod(), new AipwLinearMethod(), new AipwFlexibleMethod());

  /** The names accepted in gait.study.methods. */
  public static List<String> names() {
    return ALL.stream().map(ComparisonMethod::name).toList();
  }

  public static ComparisonMethod byName(String name) {
    return ALL.stream().filter(m -> m.name().equals(name)).findFirst()
        .orElseThrow(() -> new GaitException("gait.study.methods: unknown method '" + name + "' (expected " + names() + ")"));
  }
}
