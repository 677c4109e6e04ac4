package org.gaitoutcomes.report;

import java.util.List;

/**
 * The whole report as data, already privacy-safe: what the template renders and what the exports
 * write. Built by {@link ReportBuilder}, rendered by {@link ReportRenderer}. {@code sharedManifest} is
 * the run manifest as shipped in the report folder ({@link SharedManifest}); null without a manifest.
 */
public record ReportDocument(String title, String mainFinding, String primaryLabel, List<String> warnings, List<Section> sections,
    List<Table> tables, List<Figure> figures, String privacyNote, long smallCells, long complementaryCells,
    com.fasterxml.jackson.databind.JsonNode sharedManifest) {
  public ReportDocument {
    warnings = List.copyOf(warnings);
    sections = List.copyOf(sections);
    tables = List.copyOf(tables);
    figures = List.copyOf(figures);
  }

  /** A numbered section of the report. */
  public record Section(String id, String title, String intro, List<Block> blocks) {
    public Section {
      blocks = List.copyOf(blocks);
    }
  }

  /** One block of a section: exactly one of its fields is set. */
  public record Block(String paragraph, String note, Table table, Figure figure, List<Fact> facts, String code) {
    public static Block paragraph(String text) {
      return new Block(text, null, null, null, null, null);
    }

    /** A grey note, e.g. why a table is absent. */
    public static Block note(String text) {
      return new Block(null, text, null, null, null, null);
    }

    public static Block table(Table t) {
      return new Block(null, null, t, null, null, null);
    }

    public static Block figure(Figure f) {
      return new Block(null, null, null, f, null, null);
    }

    public static Block facts(List<Fact> facts) {
      return new Block(null, null, null, null, List.copyOf(facts), null);
    }

    public static Block code(String text) {
      return new Block(null, null, null, null, null, text);
    }

    /** For the template: a list section would repeat its wrapper per item. */
    public boolean hasFacts() {
      return facts != null && !facts.isEmpty();
    }
  }

  /** A labelled value; {@code volatileValue} marks what changes between identical runs (masked by golden tests). */
  public record Fact(String key, String value, boolean volatileValue) {
    public static Fact of(String key, String value) {
      return new Fact(key, value, false);
    }
  }
}
