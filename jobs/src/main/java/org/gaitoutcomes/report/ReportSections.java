package org.gaitoutcomes.report;

import java.util.List;

/** The registry of report sections, in the order the report numbers them. */
final class ReportSections {
  /**
   * A registered section.
   *
   * @param id the section's anchor in the HTML; unique across the report
   * @param inputs the result tables (contracts in {@code schemas/}) it reads; empty when it reads only the run manifest
   * @param section what builds it
   */
  record Registered(String id, List<String> inputs, ReportSection section) {
    Registered {
      inputs = List.copyOf(inputs);
    }
  }

  /** Every section of the report, in report order. */
  static final List<Registered> ALL = List.of(
      new Registered("summary", List.of("estimates", "balance", "subgroups", "curves"), new StudySummarySection()),
      new Registered("cohort", List.of("attrition"), new CohortSection()),
      new Registered("balance", List.of("balance", "estimates"), new BalanceSection()),
      new Registered("propensity", List.of("curves", "diagnostics"), new PropensitySection()),
      new Registered("estimates", List.of("estimates", "diagnostics"), new EstimatesSection()),
      new Registered("trajectories", List.of("curves"), new TrajectoriesSection()),
      new Registered("response", List.of("curves", "estimates"), new TimeToResponseSection()),
      new Registered("benefit", List.of("subgroups", "effect_modifiers", "estimates"), new WhoBenefitsSection()),
      new Registered("diagnostics", List.of("diagnostics"), new DiagnosticsSection()),
      new Registered("sensitivity", List.of("diagnostics"), new SensitivitySection()),
      new Registered("provenance", List.of(), new ProvenanceSection()));

  private ReportSections() {}
}
