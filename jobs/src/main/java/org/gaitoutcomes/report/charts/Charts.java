package org.gaitoutcomes.report.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** Chart builders for the report; each takes plain series and returns a styled JFreeChart. */
public final class Charts {
  /** Okabe-Ito colour-blind-safe palette: treatment blue, comparator orange, then green and grey. */
  public static final Color TREATED = new Color(0x00, 0x72, 0xB2);
  public static final Color CONTROL = new Color(0xE6, 0x9F, 0x00);
  public static final Color ACCENT = new Color(0x00, 0x9E, 0x73);
  public static final Color MUTED = new Color(0x55, 0x55, 0x55);
  private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
  private static final Font BASE = new Font("SansSerif", Font.PLAIN, 12);

  /** One row of a forest plot: an estimate with its 95% CI; {@code primary} draws it emphasised. */
  public record Interval(String label, double estimate, double low, double high, boolean primary) {}

  /** A point of a curve with an optional 95% band (NaN when absent). */
  public record Point(double x, double y, double low, double high) {}

  /** One bin of a histogram; {@code suppressed} bins are not drawn but marked on the axis. */
  public record Bin(double low, double high, double count, boolean suppressed) {}

  private Charts() {}

  /**
   * Forest plot: one row per interval from top to bottom, a vertical line at {@code reference}
   * (no difference), and an optional shaded band for the clinically important change.
   */
  public static JFreeChart forest(List<Interval> rows, String xLabel, double reference, String leftLabel, String rightLabel) {
    int n = rows.size();
    String[] labels = new String[n];
    XYIntervalSeries normal = new XYIntervalSeries("estimate (95% CI)");
    XYIntervalSeries primary = new XYIntervalSeries("primary analysis");
    for (int i = 0; i < n; i++) {
      Interval r = rows.get(i);
      int y = n - 1 - i;
      labels[y] = r.label();
      (r.primary() ? primary : normal).add(r.estimate(), r.low(), r.high(), y, y, y);
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(normal);
    data.addSeries(primary);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawYError(false);
    renderer.setDrawXError(true);
    renderer.setCapLength(6);
    renderer.setErrorStroke(new BasicStroke(1.6f));
    renderer.setDefaultLinesVisible(false);
    renderer.setSeriesPaint(0, TREATED);
    renderer.setSeriesPaint(1, Color.BLACK);
    renderer.setSeriesShape(0, square(7));
    renderer.setSeriesShape(1, diamond(11));
    renderer.setErrorPaint(MUTED);
    NumberAxis x = new NumberAxis(xLabel);
    double lo = reference;
    double hi = reference;
    for (Interval r : rows) {
      lo = Math.min(lo, Math.min(r.low(), r.estimate()));
      hi = Math.max(hi, Math.max(r.high(), r.estimate()));
    }
    double pad = Math.max(hi - lo, 1e-6) * 0.08;
    x.setRange(lo - pad, hi + pad);
    SymbolAxis y = new SymbolAxis(null, labels);
    y.setGridBandsVisible(false);
    y.setRange(-0.7, n - 0.3);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    ValueMarker zero = new ValueMarker(reference, Color.DARK_GRAY, new BasicStroke(1.2f));
    plot.addDomainMarker(zero);
    JFreeChart chart = styled(plot);
    if (leftLabel != null && rightLabel != null) {
      TextTitle hint = new TextTitle("\u2190 " + leftLabel + "        " + rightLabel + " \u2192", BASE.deriveFont(11f));
      hint.setPosition(RectangleEdge.BOTTOM);
      hint.setPaint(MUTED);
      chart.addSubtitle(hint);
    }
    return chart;
  }

  /**
   * Love plot: |SMD| of each covariate (rows) under each adjustment (series, first = unadjusted),
   * with the 0.1 balance threshold (Austin 2009).
   */
  public static JFreeChart lovePlot(List<String> covariates, Map<String, double[]> absSmdByAdjustment) {
    int n = covariates.size();
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      labels[n - 1 - i] = covariates.get(i);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, double[]> e : absSmdByAdjustment.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      double[] v = e.getValue();
      for (int i = 0; i < n; i++) {
        if (!Double.isNaN(v[i])) {
          s.add(v[i], n - 1 - i);
        }
      }
      data.addSeries(s);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
    Paint[] paints = {MUTED, TREATED, ACCENT, CONTROL, Color.BLACK};
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, paints[i % paints.length]);
      renderer.setSeriesShape(i, i == 0 ? circle(9) : (i == 1 ? square(8) : diamond(10)));
      renderer.setSeriesShapesFilled(i, i != 0);
    }
    NumberAxis x = new NumberAxis("absolute standardized mean difference");
    x.setAutoRangeIncludesZero(true);
    SymbolAxis y = new SymbolAxis(null, labels);
    y.setGridBandsVisible(false);
    y.setRange(-0.7, n - 0.3);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.addDomainMarker(new ValueMarker(0.1, CONTROL.darker(), dashed(1.4f)));
    return styled(plot);
  }

  /**
   * Mirrored histogram of the propensity score: treatment bins upward, comparator bins downward,
   * suppressed bins shown as triangles on the axis.
   */
  public static JFreeChart mirroredHistogram(List<Bin> treated, List<Bin> control, String treatedLabel, String controlLabel, String suppressedLabel) {
    XYIntervalSeries up = new XYIntervalSeries(treatedLabel);
    XYIntervalSeries down = new XYIntervalSeries(controlLabel);
    XYSeries hidden = new XYSeries(suppressedLabel, false, true);
    for (Bin b : treated) {
      double mid = (b.low() + b.high()) / 2;
      if (b.suppressed()) {
        hidden.add(mid, 0.0);
      } else {
        up.add(mid, b.low(), b.high(), b.count(), 0, b.count());
      }
    }
    for (Bin b : control) {
      double mid = (b.low() + b.high()) / 2;
      if (b.suppressed()) {
        hidden.add(mid, 0.0);
      } else {
        down.add(mid, b.low(), b.high(), -b.count(), -b.count(), 0);
      }
    }
    XYIntervalSeriesCollection bars = new XYIntervalSeriesCollection();
    bars.addSeries(up);
    bars.addSeries(down);
    XYBarRenderer barRenderer = new XYBarRenderer(0.05);
    barRenderer.setBarPainter(new StandardXYBarPainter());
    barRenderer.setShadowVisible(false);
    barRenderer.setUseYInterval(true);
    barRenderer.setSeriesPaint(0, TREATED);
    barRenderer.setSeriesPaint(1, CONTROL);
    NumberAxis x = new NumberAxis("propensity score (probability of receiving the treatment device)");
    x.setRange(0, 1);
    NumberAxis y = new NumberAxis("patients per bin (" + treatedLabel + " up, " + controlLabel + " down)");
    y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0;#,##0"));
    XYPlot plot = new XYPlot(bars, x, y, barRenderer);
    XYSeriesCollection marks = new XYSeriesCollection(hidden);
    XYLineAndShapeRenderer markRenderer = new XYLineAndShapeRenderer(false, true);
    markRenderer.setSeriesPaint(0, Color.BLACK);
    markRenderer.setSeriesShape(0, triangle(8));
    plot.setDataset(1, marks);
    plot.setRenderer(1, markRenderer);
    plot.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f)));
    return styled(plot);
  }

  /** Adjusted means by arm over follow-up days with 95% bands. */
  public static JFreeChart trajectories(Map<String, List<Point>> byArm, String yLabel) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    for (Map.Entry<String, List<Point>> e : byArm.entrySet()) {
      YIntervalSeries s = new YIntervalSeries(e.getKey());
      for (Point p : e.getValue()) {
        boolean band = !Double.isNaN(p.low()) && !Double.isNaN(p.high());
        s.add(p.x(), p.y(), band ? p.low() : p.y(), band ? p.high() : p.y());
      }
      data.addSeries(s);
    }
    DeviationRenderer renderer = new DeviationRenderer(true, true);
    renderer.setAlpha(0.18f);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      Color c = i == 0 ? TREATED : CONTROL;
      renderer.setSeriesPaint(i, c);
      renderer.setSeriesFillPaint(i, c);
      renderer.setSeriesStroke(i, new BasicStroke(2.2f));
      renderer.setSeriesShape(i, i == 0 ? circle(7) : square(7));
    }
    NumberAxis x = new NumberAxis("days after device start");
    x.setAutoRangeIncludesZero(true);
    NumberAxis y = new NumberAxis(yLabel);
    y.setAutoRangeIncludesZero(false);
    return styled(new XYPlot(data, x, y, renderer));
  }

  /** Weighted Kaplan-Meier curves by arm (steps) with dashed 95% bounds. */
  public static JFreeChart kaplanMeier(Map<String, List<Point>> byArm, String yLabel) {
    XYSeriesCollection data = new XYSeriesCollection();
    XYStepRenderer renderer = new XYStepRenderer();
    int i = 0;
    for (Map.Entry<String, List<Point>> e : byArm.entrySet()) {
      Color c = i == 0 ? TREATED : CONTROL;
      XYSeries s = new XYSeries(e.getKey(), false, true);
      XYSeries lo = new XYSeries(e.getKey() + " 95% CI", false, true);
      XYSeries hi = new XYSeries(e.getKey() + " 95% CI (upper)", false, true);
      for (Point p : e.getValue()) {
        s.add(p.x(), p.y());
        if (!Double.isNaN(p.low()) && !Double.isNaN(p.high())) {
          lo.add(p.x(), p.low());
          hi.add(p.x(), p.high());
        }
      }
      int base = data.getSeriesCount();
      data.addSeries(s);
      data.addSeries(lo);
      data.addSeries(hi);
      renderer.setSeriesPaint(base, c);
      renderer.setSeriesStroke(base, new BasicStroke(2.2f));
      for (int k = 1; k <= 2; k++) {
        renderer.setSeriesPaint(base + k, c);
        renderer.setSeriesStroke(base + k, dashed(1f));
        renderer.setSeriesVisibleInLegend(base + k, k == 1);
      }
      i++;
    }
    renderer.setDefaultShapesVisible(false);
    NumberAxis x = new NumberAxis("days after device start");
    x.setAutoRangeIncludesZero(true);
    NumberAxis y = new NumberAxis(yLabel);
    y.setRange(0, 1.02);
    return styled(new XYPlot(data, x, y, renderer));
  }

  /** Horizontal bars of relative importance; bars coloured by the sign of the direction. */
  public static JFreeChart importance(List<String> features, double[] importance, double[] direction, String moreBenefitLabel, String lessBenefitLabel) {
    int n = features.size();
    String[] labels = new String[n];
    XYIntervalSeries more = new XYIntervalSeries(moreBenefitLabel);
    XYIntervalSeries less = new XYIntervalSeries(lessBenefitLabel);
    XYIntervalSeries unknown = new XYIntervalSeries("direction not estimated");
    for (int i = 0; i < n; i++) {
      int y = n - 1 - i;
      labels[y] = features.get(i);
      XYIntervalSeries s = Double.isNaN(direction[i]) ? unknown : (direction[i] < 0 ? more : less);
      s.add(y, y - 0.35, y + 0.35, importance[i], 0, importance[i]);
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    data.addSeries(more);
    data.addSeries(less);
    data.addSeries(unknown);
    XYBarRenderer r = new XYBarRenderer();
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setUseYInterval(true);
    r.setSeriesPaint(0, ACCENT);
    r.setSeriesPaint(1, CONTROL);
    r.setSeriesPaint(2, MUTED);
    // Horizontal orientation: the domain (x = row) runs down the left, the range (bar length) across.
    NumberAxis x = new NumberAxis("relative importance in the conditional-effect model");
    x.setAutoRangeIncludesZero(true);
    SymbolAxis y = new SymbolAxis(null, labels);
    y.setGridBandsVisible(false);
    y.setRange(-0.7, n - 0.3);
    XYPlot plot = new XYPlot(data, y, x, r);
    plot.setOrientation(org.jfree.chart.plot.PlotOrientation.HORIZONTAL);
    return styled(plot);
  }

  private static JFreeChart styled(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    plot.getDomainAxis().setLabelFont(BASE);
    plot.getDomainAxis().setTickLabelFont(BASE.deriveFont(11f));
    plot.getRangeAxis().setLabelFont(BASE);
    plot.getRangeAxis().setTickLabelFont(BASE.deriveFont(11f));
    JFreeChart chart = new JFreeChart(null, BASE, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setItemFont(BASE);
    chart.getLegend().setFrame(org.jfree.chart.block.BlockBorder.NONE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    return chart;
  }

  private static BasicStroke dashed(float width) {
    return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
  }

  private static Ellipse2D circle(double d) {
    return new Ellipse2D.Double(-d / 2, -d / 2, d, d);
  }

  private static Rectangle2D square(double d) {
    return new Rectangle2D.Double(-d / 2, -d / 2, d, d);
  }

  private static Path2D diamond(double d) {
    Path2D p = new Path2D.Double();
    p.moveTo(0, -d / 2);
    p.lineTo(d / 2, 0);
    p.lineTo(0, d / 2);
    p.lineTo(-d / 2, 0);
    p.closePath();
    return p;
  }

  private static Path2D triangle(double d) {
    Path2D p = new Path2D.Double();
    p.moveTo(0, -d / 2);
    p.lineTo(d / 2, d / 2);
    p.lineTo(-d / 2, d / 2);
    p.closePath();
    return p;
  }
}
