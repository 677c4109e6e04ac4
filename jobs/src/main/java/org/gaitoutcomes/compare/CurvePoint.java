package org.gaitoutcomes.compare;

/** One point of a figure's data in results/curves (propensity histogram, Kaplan-Meier, trajectory), n null when suppressed. */
public record CurvePoint(String figure, String series, String arm, double x, Double y, Double yLow, Double yHigh, Long n) {}
