package org.gaitoutcomes.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/** One row of results/effect_modifiers: a feature's forest importance, the direction of its linear association with the effect, and its rank. */
public record EffectModifierRow(String feature, double importance, double direction, int rank) {
  /** The row in the column order of the effect_modifiers contract. */
  public Map<String, Object> toMap() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("feature", feature);
    r.put("importance", importance);
    r.put("direction", direction);
    r.put("rank", rank);
    return r;
  }
}
