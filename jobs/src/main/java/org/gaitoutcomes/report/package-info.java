/**
 * The outcome report: reads the aggregate result tables ({@code results/*.json}) and the run
 * manifest, applies small-cell suppression ({@code report.privacy}), builds a {@link
 * org.gaitoutcomes.report.ReportDocument} ({@link org.gaitoutcomes.report.ReportBuilder}), renders it to one
 * self-contained HTML page (Mustache template and inline CSS under {@code resources/report/}, inline SVG
 * figures from {@code report.charts}) and writes figures and CSV/JSON exports beside it. Compute first,
 * then render; no Spark needed. May depend on {@code results}, {@code io}, {@code provenance}.
 */
package org.gaitoutcomes.report;
