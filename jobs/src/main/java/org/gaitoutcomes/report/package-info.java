/**
 * The outcome report: reads the aggregate result tables ({@code results/*.json}) and the run
 * manifest, applies small-cell suppression ({@code report.privacy}), builds a {@link
 * org.gaitoutcomes.report.ReportDocument} ({@link org.gaitoutcomes.report.ReportBuilder} asks each
 * {@link org.gaitoutcomes.report.ReportSection} registered in {@link org.gaitoutcomes.report.ReportSections}
 * for its text, tables and figure specifications, sharing {@link org.gaitoutcomes.report.ReportContext}),
 * then {@link org.gaitoutcomes.report.ReportRenderer} renders the figures and the document to one
 * self-contained HTML page (Mustache template and inline CSS under {@code resources/report/}, inline SVG
 * figures from {@code report.charts}) and writes figures and CSV/JSON exports beside it. Compute first,
 * then render; no Spark needed. May depend on {@code results}, {@code io}, {@code provenance}.
 *
 * <p>Adding a section: one class implementing {@code ReportSection} (its build method), one entry in
 * {@code ReportSections.ALL} (its id, the result tables it reads, the class), and the contract of any new result table in
 * {@code schemas/}.
 *
 * <p>The report folder is the only shareable output. {@link org.gaitoutcomes.report.ReportCounts} is
 * the single registry of every count it ships (tables, figure data, the text of diagnostics, the
 * stage counts and file counts of the shared {@code run.json} copy, whole-number effective sample
 * sizes), each tagged with the population it counts so that counts of one population at two points
 * of the pipeline are tied by a derived difference cell; everything is suppressed once, together.
 * {@link org.gaitoutcomes.report.SharedManifest} is the run manifest as shipped: no stage summaries,
 * counts as the registry prints them, file names pseudonymous unless they are a table's own name.
 */
package org.gaitoutcomes.report;
