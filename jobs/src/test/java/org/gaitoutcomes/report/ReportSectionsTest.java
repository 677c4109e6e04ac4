package org.gaitoutcomes.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.config.Settings;
import org.gaitoutcomes.report.ReportDocument.Section;
import org.gaitoutcomes.report.charts.FigureRenderer;
import org.gaitoutcomes.report.charts.FigureSpec;
import org.gaitoutcomes.schema.Schemas;
import org.junit.jupiter.api.Test;

/** The section registry: every section through it, its declared inputs and contracts, and figures as specifications. */
class ReportSectionsTest {
  @Test
  void everySectionIsRegisteredOnceWithInputsThatHaveContracts() {
    List<String> ids = ReportSections.ALL.stream().map(ReportSections.Registered::id).toList();
    assertEquals(List.of("summary", "cohort", "balance", "propensity", "estimates", "trajectories", "response", "benefit", "diagnostics",
        "sensitivity", "provenance"), ids);
    Set<String> read = new LinkedHashSet<>();
    for (ReportSections.Registered section : ReportSections.ALL) {
      for (String table : section.inputs()) {
        assertEquals(table, Schemas.get(table).name(), section.id() + " reads " + table);
        assertTrue(ReportInputs.TABLES.contains(table), section.id() + " reads " + table + ", which ReportInputs does not load");
        read.add(table);
      }
    }
    assertEquals(Set.copyOf(ReportInputs.TABLES), read, "ReportInputs loads exactly the tables the sections read");
  }

  @Test
  void eachSectionBuildsThroughTheRegistryUnderItsOwnId() {
    ReportInputs inputs = ReportInputs.load(new Configuration(), ReportTestSupport.studyResults().toString(), null);
    ReportContext ctx = new ReportContext(inputs, ReportSettings.from(Settings.defaults()));
    for (ReportSections.Registered section : ReportSections.ALL) {
      Section built = section.section().build(ctx);
      assertEquals(section.id(), built.id());
      assertFalse(built.blocks().isEmpty(), section.id() + " has content");
    }
    // Sections compute: the context holds figure specifications, and rendering them is the renderer's job.
    assertEquals(11, ctx.figures.size());
    Figure flow = ctx.figures.get(0);
    assertEquals("attrition_flow", flow.id());
    FigureSpec.Flow spec = (FigureSpec.Flow) flow.chart();
    assertEquals(5, spec.steps().size());
    // Step 4 excluded 7 patients (study fixture attrition.json): a small count, printed as the marker.
    assertEquals("<11", spec.steps().get(4).excluded());
    String svg = FigureRenderer.render(flow.id(), spec, flow.width(), flow.height()).svgDocument();
    assertTrue(svg.contains("&lt;11"), "the marker is drawn, not the count");
  }
}
