package org.gaitoutcomes.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.results.ResultTable;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Writes the benchmark's outputs: summary and peer tables (CSV + JSON), a log-log chart (SVG + PNG), and a text table. */
public final class BenchReport {
  private BenchReport() {}

  public static ResultTable summaryTable(List<StageSummary> summaries) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StageSummary s : summaries) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("stage", s.stage());
      r.put("patients", s.patients());
      r.put("repetitions", s.repetitions());
      r.put("median_seconds", s.medianSeconds());
      r.put("min_seconds", s.minSeconds());
      r.put("max_seconds", s.maxSeconds());
      r.put("rows", s.rows());
      r.put("rows_per_second", s.rowsPerSecond());
      r.put("input_bytes", s.medianInputBytes());
      r.put("shuffle_read_bytes", s.medianShuffleReadBytes());
      r.put("shuffle_write_bytes", s.medianShuffleWriteBytes());
      r.put("driver_peak_heap_bytes", s.maxDriverPeakHeapBytes());
      r.put("driver_heap_after_gc_bytes", s.maxDriverHeapAfterGcBytes());
      r.put("scaling_exponent", s.scalingExponent());
      r.put("spark_jobs", s.medianSparkJobs());
      r.put("times_yardstick", s.timesYardstick());
      rows.add(r);
    }
    return new ResultTable(org.gaitoutcomes.schema.Schemas.BENCH_SUMMARY, rows);
  }

  /** Median seconds against population size per stage, log-log. */
  public static JFreeChart chart(List<StageSummary> summaries) {
    Map<String, XYSeries> series = new LinkedHashMap<>();
    for (StageSummary s : summaries) {
      series.computeIfAbsent(s.stage(), XYSeries::new).add(s.patients(), Math.max(s.medianSeconds(), 1e-3));
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    LogAxis x = new LogAxis("patients");
    LogAxis y = new LogAxis("median seconds");
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart("Stage time by population size", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** Writes {@code name.svg} and {@code name.png} (800 x 500) into {@code folderUri}. */
  public static void writeChart(Configuration conf, String folderUri, String name, JFreeChart chart) {
    int w = 800;
    int h = 500;
    SVGGraphics2D svg = new SVGGraphics2D(w, h);
    chart.draw(svg, new java.awt.Rectangle(0, 0, w, h));
    HadoopFiles.writeString(conf, folderUri + "/" + name + ".svg", svg.getSVGDocument());
    BufferedImage png = chart.createBufferedImage(w, h);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(png, "png", bytes);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode PNG", e);
    }
    HadoopFiles.writeBytes(conf, folderUri + "/" + name + ".png", bytes.toByteArray());
  }

  /** An aligned plain-text table of the summaries, for the console. */
  public static String text(List<StageSummary> summaries) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-11s %10s %10s %16s %12s %10s %12s %10s %10s %9s%n",
        "stage", "patients", "median s", "spread s", "rows/s", "shuffle MB", "driver MB*", "exponent", "jobs", "x scan**"));
    for (StageSummary s : summaries) {
      sb.append(String.format(Locale.ROOT, "%-11s %10d %10.2f %16s %12.0f %10.1f %12.1f %10s %10d %9s%n",
          s.stage(), s.patients(), s.medianSeconds(),
          String.format(Locale.ROOT, "%.2f-%.2f", s.minSeconds(), s.maxSeconds()),
          s.rowsPerSecond(), (s.medianShuffleReadBytes() + s.medianShuffleWriteBytes()) / 1e6,
          s.maxDriverHeapAfterGcBytes() / 1e6,
          s.scalingExponent() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.scalingExponent()), s.medianSparkJobs(),
          s.timesYardstick() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.timesYardstick())));
    }
    sb.append("* driver heap retained after a full GC at the end of a repetition\n");
    sb.append("** stage time over the DuckDB scan of the same input files (duckdb_scan)\n");
    return sb.toString();
  }
}
