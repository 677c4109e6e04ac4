/**
 * The report's figures: JFreeChart charts (forest plots, love plot, mirrored propensity histogram,
 * trajectories with confidence bands, Kaplan-Meier steps, importance bars) and the attrition flow
 * diagram drawn with Java2D, described as data by {@link org.gaitoutcomes.report.charts.FigureSpec} and
 * rendered by {@link org.gaitoutcomes.report.charts.FigureRenderer} headless to SVG (JFreeSVG) and PNG. Inputs are plain,
 * already privacy-safe series; nothing here reads files or knows about suppression.
 */
package org.gaitoutcomes.report.charts;
