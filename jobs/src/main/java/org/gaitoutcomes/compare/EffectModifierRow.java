package org.gaitoutcomes.compare;

/** One row of results/effect_modifiers: a feature's forest importance, the direction of its linear association with the effect, and its rank. */
public record EffectModifierRow(String feature, double importance, double direction, int rank) {}
