package org.gaitoutcomes.compare;

/** One row of results/estimates: an effect of one method and estimand on one outcome and scale. */
public record EstimateRow(String outcome, String outcomeKind, boolean primary, String estimand, String method, String scale,
    double estimate, double stdError, double ciLow, double ciHigh, double pValue, String seMethod, double bootstrapSe,
    long nTreated, long nControl, Double essTreated, Double essControl, String note) {}
