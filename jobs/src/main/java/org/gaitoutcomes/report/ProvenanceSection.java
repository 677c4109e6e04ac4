package org.gaitoutcomes.report;

import static org.gaitoutcomes.report.Format.MISSING;
import static org.gaitoutcomes.report.Format.fixed;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.gaitoutcomes.report.ReportDocument.Block;
import org.gaitoutcomes.report.ReportDocument.Fact;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.Table.Cell;
import org.gaitoutcomes.report.Table.Row;

/** Provenance: the run manifest, input checksums, stage timings and the resolved configuration. */
final class ProvenanceSection implements ReportSection {
  @Override
  public Section build(ReportContext ctx) {
    List<Block> b = new ArrayList<>();
    JsonNode m = ctx.in.manifest();
    if (m == null) {
      return ReportContext.noteOnly("provenance", "Provenance", "No run manifest (run.json) was found beside the results: how they were made cannot be shown.");
    }
    List<Fact> facts = new ArrayList<>();
    facts.add(Fact.of("Tool", ReportContext.text(m, "tool")));
    facts.add(new Fact("Version", ReportContext.text(m, "version"), true));
    facts.add(new Fact("Source commit", ReportContext.text(m, "commit"), true));
    facts.add(Fact.of("Command", ReportContext.text(m, "command")));
    if (m.get("options") != null) {
      List<String> opts = new ArrayList<>();
      SharedManifest.maskedOptions(m.get("options")).fields().forEachRemaining(e -> opts.add(e.getKey() + " = " + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
      facts.add(Fact.of("Options", opts.isEmpty() ? MISSING : String.join("; ", opts)));
    }
    if (m.get("seeds") != null) {
      List<String> seeds = new ArrayList<>();
      m.get("seeds").fields().forEachRemaining(e -> seeds.add(e.getKey() + " = " + e.getValue().asText()));
      facts.add(Fact.of("Seeds", String.join("; ", seeds)));
    }
    facts.add(new Fact("Started", ReportContext.text(m, "started_at"), true));
    facts.add(new Fact("Finished", ReportContext.text(m, "finished_at"), true));
    facts.add(new Fact("Spark", ReportContext.text(m.get("spark"), "version") + " on " + ReportContext.text(m.get("spark"), "master"), true));
    facts.add(new Fact("Java", ReportContext.text(m.get("java"), "version") + " (" + ReportContext.text(m.get("java"), "vendor") + ")", true));
    b.add(Block.facts(facts));
    List<Row> inputs = new ArrayList<>();
    for (SharedManifest.Input f : SharedManifest.inputs(m)) {
      // One row per table: file names only when they are the table's own name (a vendor export may be named after a patient).
      String file = f.file() != null ? f.file() : ctx.fileCount(f) + " files";
      inputs.add(new Row(List.of(Cell.text(f.table()), Cell.text(file), Cell.num(String.valueOf(f.bytes()), f.bytes()),
          new Cell(f.checksum(), f.checksum(), "mono"))));
    }
    if (inputs.isEmpty()) {
      b.add(Block.note("The run manifest lists no input files."));
    } else {
      b.add(Block.table(ctx.exported(new Table("inputs", "Input files and checksums", List.of("Table", "File", "Bytes", "Checksum"), inputs, null))));
    }
    List<Row> stages = new ArrayList<>();
    if (m.get("stages") != null) {
      for (JsonNode st : m.get("stages")) {
        stages.add(new Row(List.of(Cell.text(st.path("stage").asText()), new Cell(fixed(st.path("seconds").asDouble(), 1), st.path("seconds").asDouble(), "num volatile"),
            new Cell(stageCounts(ctx, st.path("stage").asText(), st.path("counts")), stageCounts(ctx, st.path("stage").asText(), st.path("counts")), "mono volatile"))));
      }
    }
    if (!stages.isEmpty()) {
      b.add(Block.table(ctx.exported(new Table("stages", "Stages and timings", List.of("Stage", "Seconds", "Counts"), stages,
          "Stage counts are pipeline totals (rows processed), not shared cohort tables."))));
    }
    if (m.get("config") != null) {
      b.add(Block.paragraph("Resolved configuration:"));
      // The study's id-column names the key column; shared outputs never name patient-level columns.
      b.add(Block.code(SharedManifest.configText(m.get("config"))));
    }
    return new Section("provenance", "Provenance", "The run manifest (run.json) records how these results were made.", b);
  }

  /** A stage's row counts as "name: n", small ones marked like any other count (they may count patients). */
  private static String stageCounts(ReportContext ctx, String stage, JsonNode node) {
    List<String> parts = new ArrayList<>();
    node.fields().forEachRemaining(e -> {
      String id = e.getValue().isIntegralNumber() ? ctx.rc.stageCountId(stage, e.getKey()) : null;
      parts.add(e.getKey() + ": " + (id != null ? ctx.counts.text(id) : e.getValue().isIntegralNumber() && ctx.small(e.getValue().asLong()) ? ctx.s.smallMarker() : e.getValue().asText()));
    });
    return String.join(", ", parts);
  }
}
