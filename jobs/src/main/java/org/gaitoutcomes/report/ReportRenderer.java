package org.gaitoutcomes.report;

import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaitoutcomes.report.charts.FigureRenderer;

/**
 * Renders a {@link ReportDocument}: each figure's specification to SVG and PNG ({@link FigureRenderer}),
 * then the whole document to one self-contained HTML page with the Mustache template
 * {@code report/report.mustache} and the inline stylesheet {@code report/report.css}. Every value is
 * HTML-escaped by the template engine; only the figures' SVG (produced by JFreeSVG, which escapes
 * its own text) is inserted raw.
 */
public final class ReportRenderer {
  /** HTML escaping for element text and double-quoted attributes (the template quotes every attribute). */
  private static final Mustache.Escaper HTML = Escapers.simple(new String[][] {
      {"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
  private static final Template TEMPLATE = Mustache.compiler()
      .withEscaper(HTML)
      .nullValue("")
      .emptyStringIsFalse(true)
      .compile(resource("report/report.mustache"));
  private static final String CSS = resource("report/report.css");

  private ReportRenderer() {}

  /** The rendered report: the HTML page and every figure's rendered forms, by figure id, in document order. */
  public record Rendered(String html, Map<String, FigureRenderer.Rendered> figures) {}

  /** Renders every figure once, then the page that inlines them. */
  public static Rendered render(ReportDocument doc) {
    Map<String, FigureRenderer.Rendered> figures = new LinkedHashMap<>();
    for (Figure f : doc.figures()) {
      figures.put(f.id(), FigureRenderer.render(f.id(), f.chart(), f.width(), f.height()));
    }
    return new Rendered(html(doc, figures), figures);
  }

  private static String html(ReportDocument doc, Map<String, FigureRenderer.Rendered> figures) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("title", doc.title());
    context.put("css", CSS);
    context.put("mainFinding", doc.mainFinding());
    context.put("primaryLabel", doc.primaryLabel());
    context.put("hasWarnings", !doc.warnings().isEmpty());
    context.put("warnings", doc.warnings());
    context.put("privacyNote", doc.privacyNote());
    List<Map<String, Object>> sections = new ArrayList<>();
    int number = 1;
    for (ReportDocument.Section s : doc.sections()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", s.id());
      m.put("number", number++);
      m.put("title", s.title());
      m.put("intro", s.intro());
      m.put("blocks", s.blocks().stream().map(b -> block(b, figures)).toList());
      sections.add(m);
    }
    context.put("sections", sections);
    return TEMPLATE.execute(context);
  }

  /** A block as the template reads it: a figure gains its inline SVG. */
  private static Map<String, Object> block(ReportDocument.Block b, Map<String, FigureRenderer.Rendered> figures) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("paragraph", b.paragraph());
    m.put("note", b.note());
    m.put("table", b.table());
    m.put("facts", b.facts());
    m.put("hasFacts", b.hasFacts());
    m.put("code", b.code());
    Figure f = b.figure();
    if (f == null) {
      m.put("figure", null);
    } else {
      Map<String, Object> shown = new LinkedHashMap<>();
      shown.put("id", f.id());
      shown.put("title", f.title());
      shown.put("caption", f.caption());
      shown.put("inlineSvg", figures.get(f.id()).inlineSvg());
      shown.put("svgFile", f.svgFile());
      shown.put("pngFile", f.pngFile());
      shown.put("data", f.data());
      m.put("figure", shown);
    }
    return m;
  }

  static String resource(String name) {
    try (InputStream in = ReportRenderer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("report resource missing from the jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
