package org.gaitoutcomes.report.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.gaitoutcomes.report.charts.FigureSpec.Flow.Step;
import org.jfree.chart.ui.Drawable;

/**
 * The attrition flow diagram (CONSORT/STROBE style): one box per cohort step down the left with
 * the patients remaining (and by arm), an arrow to a side box with the patients each rule excluded.
 * Drawn with Java2D so it renders to SVG and PNG like the charts.
 */
public final class FlowDiagram implements Drawable {
  private static final Font TITLE = new Font("SansSerif", Font.BOLD, 13);
  private static final Font BODY = new Font("SansSerif", Font.PLAIN, 12);
  private static final Color BOX = new Color(0xF3, 0xF6, 0xFA);
  private static final Color EXCLUDED_BOX = new Color(0xFD, 0xF3, 0xE7);
  private static final Color LINE = new Color(0x44, 0x44, 0x44);

  private final List<Step> steps;
  private final String treatedLabel;
  private final String controlLabel;

  public FlowDiagram(List<Step> steps, String treatedLabel, String controlLabel) {
    this.steps = List.copyOf(steps);
    this.treatedLabel = treatedLabel;
    this.controlLabel = controlLabel;
  }

  /** Height in pixels this diagram needs at the given width. */
  public static int heightFor(int steps) {
    return 30 + steps * 96;
  }

  @Override
  public void draw(Graphics2D g, Rectangle2D area) {
    g.setColor(Color.WHITE);
    g.fill(area);
    double w = area.getWidth();
    double mainW = w * 0.52;
    double sideW = w * 0.38;
    double x0 = area.getX() + 10;
    double sideX = x0 + mainW + w * 0.06;
    double boxH = 64;
    double gap = 32;
    double y = area.getY() + 12;
    g.setStroke(new BasicStroke(1.4f));
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (i > 0) {
        double mid = x0 + mainW / 2;
        arrow(g, mid, y - gap, mid, y);
        double yy = y - gap / 2;
        arrow(g, mid, yy, sideX, yy);
        double sideH = 40;
        RoundRectangle2D side = new RoundRectangle2D.Double(sideX, yy - sideH / 2, sideW, sideH, 10, 10);
        box(g, side, EXCLUDED_BOX);
        text(g, List.of("Excluded: " + s.excluded(), s.description()), side, BODY, BODY);
      }
      RoundRectangle2D main = new RoundRectangle2D.Double(x0, y, mainW, boxH, 10, 10);
      box(g, main, BOX);
      String title = i == 0 ? s.description() : "Remaining after step " + i;
      text(g, List.of(title, "Patients: " + s.remaining(), treatedLabel + ": " + s.treated() + "  \u00b7  " + controlLabel + ": " + s.control()), main, TITLE, BODY);
      y += boxH + gap;
    }
  }

  private static void box(Graphics2D g, RoundRectangle2D r, Color fill) {
    g.setColor(fill);
    g.fill(r);
    g.setColor(LINE);
    g.draw(r);
  }

  private static void text(Graphics2D g, List<String> lines, RoundRectangle2D r, Font first, Font rest) {
    List<String> fitted = new ArrayList<>();
    List<Font> fonts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Font f = i == 0 ? first : rest;
      fitted.add(fit(g, lines.get(i), f, r.getWidth() - 16));
      fonts.add(f);
    }
    double lineH = 16;
    double y = r.getCenterY() - lineH * lines.size() / 2 + 12;
    g.setColor(Color.BLACK);
    for (int i = 0; i < fitted.size(); i++) {
      g.setFont(fonts.get(i));
      g.drawString(fitted.get(i), (float) (r.getX() + 8), (float) y);
      y += lineH;
    }
  }

  /** Shortens a line with an ellipsis so it fits the box. */
  private static String fit(Graphics2D g, String s, Font f, double width) {
    FontMetrics m = g.getFontMetrics(f);
    if (m.stringWidth(s) <= width) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && m.stringWidth(t + "\u2026") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "\u2026";
  }

  private static void arrow(Graphics2D g, double x1, double y1, double x2, double y2) {
    g.setColor(LINE);
    g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
    double angle = Math.atan2(y2 - y1, x2 - x1);
    Path2D head = new Path2D.Double();
    head.moveTo(x2, y2);
    head.lineTo(x2 - 8 * Math.cos(angle - 0.4), y2 - 8 * Math.sin(angle - 0.4));
    head.lineTo(x2 - 8 * Math.cos(angle + 0.4), y2 - 8 * Math.sin(angle + 0.4));
    head.closePath();
    g.fill(head);
  }
}
