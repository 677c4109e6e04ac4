package org.gaitoutcomes.report;

import org.gaitoutcomes.report.ReportDocument.Section;

/**
 * One numbered section of the report. A section computes, it does not render: it turns the inputs and
 * the suppressed counts of a {@link ReportContext} into text, tables and figure specifications
 * ({@link org.gaitoutcomes.report.charts.FigureSpec}); {@link ReportRenderer} renders them.
 *
 * <p>Adding a section: one class implementing this interface, one entry in {@link ReportSections#ALL}
 * (its id, the result tables it reads, the class), and, when it reads a result table the report did not
 * read before, that table's contract in {@code schemas/} and its name in {@link ReportInputs#TABLES}.
 */
@FunctionalInterface
interface ReportSection {
  /** The section as data; every count it prints goes through {@link ReportContext#count} or the suppressed counts. */
  Section build(ReportContext ctx);
}
