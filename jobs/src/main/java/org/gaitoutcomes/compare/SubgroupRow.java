package org.gaitoutcomes.compare;

/** One row of results/subgroups: the effect within one level of a subgroup variable (null below the minimum arm size), with the interaction test. */
public record SubgroupRow(String subgroup, String level, String outcome, String estimand, String method, Double estimate, Double stdError,
    Double ciLow, Double ciHigh, long nTreated, long nControl, double interactionPValue) {}
