package org.gaitoutcomes.report;

import java.util.List;
import org.gaitoutcomes.report.ReportDocument.Section;

/**
 * One numbered section of the report. A section computes, it does not render: it turns the inputs and
 * the suppressed counts of a {@link ReportContext} into text, tables and figure specifications
 * ({@link org.gaitoutcomes.report.charts.FigureSpec}); {@link ReportRenderer} renders them.
 *
 * <p>Adding a section: one class implementing this interface, one entry in {@link ReportSections#ALL},
 * and, when it reads a result table the report did not read before, that table's contract in
 * {@code schemas/} and its name in {@link ReportInputs#TABLES}.
 */
interface ReportSection {
  /** The section's anchor in the HTML ({@code sec-ID}); unique across the report. */
  String id();

  /** The result tables (contracts in {@code schemas/}) this section reads; empty when it reads only the run manifest. */
  List<String> inputs();

  /** The section as data; every count it prints goes through {@link ReportContext#count} or the suppressed counts. */
  Section build(ReportContext ctx);
}
