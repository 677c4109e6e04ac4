package org.gaitoutcomes.report.charts;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.jfree.chart.ui.Drawable;
import org.jfree.svg.MeetOrSlice;
import org.jfree.svg.PreserveAspectRatio;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Renders a {@link FigureSpec} (through its chart, a {@link Drawable}) headless to SVG with JFreeSVG and to PNG with Java2D.
 * The inline SVG has no namespace declarations (HTML5 does not need them, and the report must not
 * contain a URL), a viewBox so it scales to the page, and ids prefixed with the figure id so several
 * figures can share one page.
 */
public final class FigureRenderer {
  /** The rendered forms of one figure. */
  public record Rendered(String inlineSvg, String svgDocument, byte[] png) {}

  /** Namespace declarations (xmlns, xmlns:xlink, xmlns:jfreesvg) in either quote style. */
  private static final java.util.regex.Pattern NAMESPACE = java.util.regex.Pattern.compile("\\s+xmlns(:\\w+)?=(['\"])[^'\"]*\\2");

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private FigureRenderer() {}

  /** Renders one figure specification at {@code width} x {@code height} pixels (the PNG at twice that). */
  public static Rendered render(String id, FigureSpec spec, int width, int height) {
    return render(id, drawable(spec), width, height);
  }

  /** The chart that draws {@code spec}. */
  static Drawable drawable(FigureSpec spec) {
    if (spec instanceof FigureSpec.Flow f) {
      return new FlowDiagram(f.steps(), f.treatedLabel(), f.controlLabel());
    }
    if (spec instanceof FigureSpec.LovePlot l) {
      return Charts.lovePlot(l.covariates(), l.absSmdByAdjustment());
    }
    if (spec instanceof FigureSpec.MirroredHistogram h) {
      return Charts.mirroredHistogram(h.treated(), h.control(), h.treatedLabel(), h.controlLabel(), h.suppressedLabel());
    }
    if (spec instanceof FigureSpec.Forest f) {
      return Charts.forest(f.rows(), f.xLabel(), f.reference(), f.leftLabel(), f.rightLabel());
    }
    if (spec instanceof FigureSpec.Trajectories t) {
      return Charts.trajectories(t.byArm(), t.yLabel());
    }
    if (spec instanceof FigureSpec.KaplanMeier k) {
      return Charts.kaplanMeier(k.byArm(), k.yLabel());
    }
    if (spec instanceof FigureSpec.Importance i) {
      return Charts.importance(i.features(), i.importance(), i.direction(), i.moreBenefitLabel(), i.lessBenefitLabel());
    }
    throw new IllegalArgumentException("no renderer for figure kind " + spec.getClass().getSimpleName());
  }

  static Rendered render(String id, Drawable drawable, int width, int height) {
    SVGGraphics2D svg = new SVGGraphics2D(width, height);
    svg.setDefsKeyPrefix(id + "-");
    svg.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    drawable.draw(svg, new Rectangle2D.Double(0, 0, width, height));
    String element = svg.getSVGElement(id, false, new ViewBox(0, 0, width, height), PreserveAspectRatio.XMID_YMID, MeetOrSlice.MEET);
    String inline = NAMESPACE.matcher(element).replaceAll("")
        .replaceFirst("<svg ", "<svg role=\"img\" aria-labelledby=\"" + id + "-title\" ");
    return new Rendered(inline, svg.getSVGDocument(), png(drawable, width, height));
  }

  private static byte[] png(Drawable drawable, int width, int height) {
    // Twice the pixels for sharp figures on print and high-density screens.
    int scale = 2;
    BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width * scale, height * scale);
      g.scale(scale, scale);
      drawable.draw(g, new Rectangle2D.Double(0, 0, width, height));
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
