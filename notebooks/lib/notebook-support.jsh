// Shared set-up of the gait-outcomes notebooks, loaded by each with `%load lib/notebook-support.jsh`
// after the project jar and the Spark jars are on the classpath. It starts one local Spark session
// (`spark`) and defines small display helpers. Nothing here computes results: that is the project's API.

import java.nio.file.*;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import org.apache.spark.sql.*;
import org.apache.spark.sql.types.*;
import static org.apache.spark.sql.functions.*;
import org.gaitoutcomes.schema.Schemas;
import org.gaitoutcomes.spark.SparkSessions;
// JFreeChart is bundled in the project jar, relocated under org.gaitoutcomes.shaded.jfree.
import org.gaitoutcomes.shaded.jfree.chart.*;
import org.gaitoutcomes.shaded.jfree.chart.plot.*;
import org.gaitoutcomes.shaded.jfree.chart.axis.*;
import org.gaitoutcomes.shaded.jfree.chart.renderer.xy.*;
import org.gaitoutcomes.shaded.jfree.chart.renderer.category.*;
import org.gaitoutcomes.shaded.jfree.chart.renderer.*;
import org.gaitoutcomes.shaded.jfree.chart.title.*;
import org.gaitoutcomes.shaded.jfree.chart.ui.*;
import org.gaitoutcomes.shaded.jfree.data.xy.*;
import org.gaitoutcomes.shaded.jfree.data.category.*;
import org.gaitoutcomes.shaded.jfree.data.statistics.*;

// The kernel sets java.util.logging to FINEST; Spark's code generator (Janino) then logs debug messages
// whose formatting fails and aborts the query. INFO is what the kernel prints anyway.
java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);

// Local Spark on two cores. Whole-stage code generation is off: inside the notebook kernel (JShell)
// it only logs errors and falls back; the UI is off because nobody looks at it here.
SparkSession spark = SparkSessions.getOrCreate("gait-outcomes notebook", "local[2]", Map.of(
    "spark.sql.codegen.wholeStage", "false",
    "spark.ui.enabled", "false",
    "spark.sql.shuffle.partitions", "4"));

// Where notebooks write (never into notebooks/ or data-samples/): target/notebooks/work/<name>.
String workDir(String name) {
  Path dir = Path.of("..", "target", "notebooks", "work", name).toAbsolutePath().normalize();
  try {
    Files.createDirectories(dir);
  } catch (java.io.IOException e) {
    throw new java.io.UncheckedIOException(e);
  }
  return dir.toUri().toString();
}

// Reads an input table of a folder in the project's input layout (<table>.csv, .jsonl, .parquet or a
// folder of part files) with its data contract's schema (schemas/<table>.json), never inferring types.
Dataset<Row> readInput(String folder, String table) {
  StructType schema = Schemas.get(table).structType();
  for (String ext : new String[] {".parquet", ".csv", ".jsonl"}) {
    Path file = Path.of(folder, table + ext);
    if (Files.exists(file)) {
      String uri = file.toAbsolutePath().normalize().toUri().toString();
      switch (ext) {
        case ".parquet": return spark.read().schema(schema).parquet(uri);
        case ".csv": return spark.read().schema(schema).option("header", "true").csv(uri);
        default: return spark.read().schema(schema).json(uri);
      }
    }
  }
  Path dir = Path.of(folder, table);
  if (Files.isDirectory(dir)) {
    String uri = dir.toAbsolutePath().normalize().toUri().toString();
    return spark.read().schema(schema).format(guessFormat(dir)).option("header", "true").load(uri);
  }
  throw new IllegalArgumentException("no table " + table + " in " + folder + " (expected " + table + ".csv, .jsonl, .parquet or a folder)");
}

String guessFormat(Path dir) {
  try (var files = Files.list(dir)) {
    String name = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).findFirst().orElse("");
    return name.contains(".parquet") ? "parquet" : name.contains(".csv") ? "csv" : "json";
  } catch (java.io.IOException e) {
    throw new java.io.UncheckedIOException(e);
  }
}

// Shows a chart as a PNG image in the notebook.
void show(JFreeChart chart, int width, int height) {
  chart.setBackgroundPaint(Color.WHITE);
  display(chart.createBufferedImage(width, height));
}

void show(JFreeChart chart) {
  show(chart, 720, 400);
}

// Shows a small AGGREGATE table (at most 60 rows are fetched; never use on patient-level rows).
void showTable(Dataset<Row> aggregate) {
  var rows = aggregate.limit(60).collectAsList();
  StringBuilder html = new StringBuilder("<table><tr>");
  for (String c : aggregate.columns()) html.append("<th>").append(c).append("</th>");
  html.append("</tr>");
  for (Row r : rows) {
    html.append("<tr>");
    for (int i = 0; i < r.length(); i++) html.append("<td>").append(formatCell(r.get(i))).append("</td>");
    html.append("</tr>");
  }
  display("text/html", html.append("</table>").toString());
}

// Shows rows of a result table (ResultTable.rows()), keeping the listed columns.
void showRows(java.util.List<Map<String, Object>> rows, String... columns) {
  StringBuilder html = new StringBuilder("<table><tr>");
  for (String c : columns) html.append("<th>").append(c).append("</th>");
  html.append("</tr>");
  for (Map<String, Object> r : rows) {
    html.append("<tr>");
    for (String c : columns) html.append("<td>").append(formatCell(r.get(c))).append("</td>");
    html.append("</tr>");
  }
  display("text/html", html.append("</table>").toString());
}

String formatCell(Object v) {
  if (v == null) return "";
  if (v instanceof Double || v instanceof Float) {
    double d = ((Number) v).doubleValue();
    return Double.isNaN(d) ? "NaN" : String.format(java.util.Locale.ROOT, "%.3f", d);
  }
  return v.toString().replace("<", "&lt;");
}

// A plantar-pressure picture (row-major grid, kPa; row 0 = heel, column 0 = medial; NaN outside the
// sensor) as a heat map, with an optional centre-of-pressure path (mm from the medial/posterior edge).
JFreeChart pressurePicture(String title, float[] kpa, int rows, int cols, double rowMm, double colMm,
    float[] copX, float[] copY) {
  DefaultXYZDataset cells = new DefaultXYZDataset();
  int n = 0;
  for (float v : kpa) if (!Float.isNaN(v)) n++;
  double[][] xyz = new double[3][n];
  double max = 1;
  int i = 0;
  for (int r = 0; r < rows; r++) {
    for (int c = 0; c < cols; c++) {
      float v = kpa[r * cols + c];
      if (Float.isNaN(v)) continue;
      xyz[0][i] = (c + 0.5) * colMm;
      xyz[1][i] = (r + 0.5) * rowMm;
      xyz[2][i] = v;
      max = Math.max(max, v);
      i++;
    }
  }
  cells.addSeries("kPa", xyz);
  final double top = max;
  PaintScale scale = new PaintScale() {
    public double getLowerBound() { return 0; }
    public double getUpperBound() { return top; }
    public Paint getPaint(double v) {
      if (v <= 0.5) return new Color(235, 235, 235);
      float f = (float) Math.min(1, v / top);
      return Color.getHSBColor(0.66f * (1 - f), 0.9f, 0.95f);
    }
  };
  XYBlockRenderer blocks = new XYBlockRenderer();
  blocks.setBlockWidth(colMm);
  blocks.setBlockHeight(rowMm);
  blocks.setPaintScale(scale);
  NumberAxis x = new NumberAxis("medial  <-  mm  ->  lateral");
  NumberAxis y = new NumberAxis("heel  ->  toe (mm)");
  x.setRange(0, cols * colMm);
  y.setRange(0, rows * rowMm);
  XYPlot plot = new XYPlot(cells, x, y, blocks);
  plot.setBackgroundPaint(Color.WHITE);
  if (copX != null && copX.length > 0) {
    XYSeries path = new XYSeries("centre of pressure", false, true);
    for (int k = 0; k < copX.length; k++) {
      if (!Float.isNaN(copX[k]) && !Float.isNaN(copY[k])) path.add(copX[k], copY[k]);
    }
    XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
    line.setSeriesPaint(0, Color.BLACK);
    line.setSeriesStroke(0, new BasicStroke(2f));
    line.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2, -2, 4, 4));
    plot.setDataset(1, new XYSeriesCollection(path));
    plot.setRenderer(1, line);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
  }
  JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, copX != null);
  NumberAxis kpaAxis = new NumberAxis("peak pressure (kPa)");
  kpaAxis.setRange(0, top);
  PaintScaleLegend legend = new PaintScaleLegend(scale, kpaAxis);
  legend.setPosition(RectangleEdge.RIGHT);
  legend.setMargin(4, 4, 40, 4);
  chart.addSubtitle(legend);
  return chart;
}

// Shows a pressure picture at a size that keeps the foot's proportions.
void showPicture(JFreeChart picture, int rows, int cols, double rowMm, double colMm) {
  int height = 520;
  int width = (int) Math.max(300, Math.min(900, 200 + height * (cols * colMm) / (rows * rowMm)));
  show(picture, width, height);
}

// A Spark array<float> column value (java.util.List) as a float[].
float[] toFloats(java.util.List<?> values) {
  float[] out = new float[values.size()];
  for (int i = 0; i < out.length; i++) {
    Object v = values.get(i);
    out[i] = v == null ? Float.NaN : ((Number) v).floatValue();
  }
  return out;
}

// A forest plot: one row per label with its estimate and 95% interval (NaN bounds: no interval), an
// optional reference value per row (e.g. the simulator's true effect, drawn as a red diamond) and a
// vertical line at `zero`.
JFreeChart forestPlot(String title, String valueLabel, java.util.List<String> labels, double[] estimate,
    double[] low, double[] high, double[] reference, double zero) {
  YIntervalSeries est = new YIntervalSeries("estimate (95% CI)");
  for (int i = 0; i < labels.size(); i++) {
    double lo = Double.isNaN(low[i]) ? estimate[i] : low[i];
    double hi = Double.isNaN(high[i]) ? estimate[i] : high[i];
    if (!Double.isNaN(estimate[i])) est.add(i, estimate[i], lo, hi);
  }
  YIntervalSeriesCollection estimates = new YIntervalSeriesCollection();
  estimates.addSeries(est);
  SymbolAxis rows = new SymbolAxis(null, labels.toArray(new String[0]));
  rows.setInverted(true);
  rows.setGridBandsVisible(false);
  NumberAxis values = new NumberAxis(valueLabel);
  values.setAutoRangeIncludesZero(true);
  XYErrorRenderer bars = new XYErrorRenderer();
  bars.setDrawXError(false);
  bars.setDrawYError(true);
  bars.setDefaultLinesVisible(false);
  bars.setSeriesPaint(0, new Color(30, 80, 160));
  bars.setErrorStroke(new BasicStroke(2f));
  XYPlot plot = new XYPlot(estimates, rows, values, bars);
  plot.setOrientation(PlotOrientation.HORIZONTAL);
  plot.setBackgroundPaint(Color.WHITE);
  plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
  plot.addRangeMarker(new ValueMarker(zero, Color.DARK_GRAY, new BasicStroke(1f)));
  if (reference != null) {
    XYSeries truth = new XYSeries("true effect");
    for (int i = 0; i < labels.size(); i++) if (!Double.isNaN(reference[i])) truth.add(i, reference[i]);
    XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
    dots.setSeriesPaint(0, Color.RED);
    dots.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-4, -4, 8, 8));
    plot.setDataset(1, new XYSeriesCollection(truth));
    plot.setRenderer(1, dots);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
  }
  return new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
}

// A result-table number as a double (null -> NaN).
double num(Object value) {
  return value == null ? Double.NaN : ((Number) value).doubleValue();
}
