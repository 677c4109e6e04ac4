package org.gaitoutcomes.report;

import java.util.List;

/** The registry of report sections, in the order the report numbers them. */
final class ReportSections {
  /** Every section of the report, in report order. */
  static final List<ReportSection> ALL = List.of(
      new StudySummarySection(),
      new CohortSection(),
      new BalanceSection(),
      new PropensitySection(),
      new EstimatesSection(),
      new TrajectoriesSection(),
      new TimeToResponseSection(),
      new WhoBenefitsSection(),
      new DiagnosticsSection(),
      new SensitivitySection(),
      new ProvenanceSection());

  private ReportSections() {}
}
