package org.gaitoutcomes.scans;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Novel emed platform ASCII list export ({@code .lst}, Latin-1): one page per picture, each with a header
 * ({@code Page n}, the identifying {@code File:} path, {@code Matrix: COLSxROWS}, {@code Time/picture},
 * {@code Sensor size: W x H cm}, {@code Pict-No.: n}), a line of column numbers (plus {@code Force}), rows
 * of {@code rowNumber, kPa...[, row force]}, an optional {@code Force} total row and a form feed. Only the
 * printed window of the matrix is exported; the union of the windows of all pictures is kept, cells not
 * printed in a picture are 0. Summary pages (no {@code Pict-No.}, e.g. MVP/MPP) end the pictures. One
 * recording per file: a {@code Pict-No.} that starts again at 1 is refused.
 *
 * <p>Orientation: a platform does not say which way the subject walked, nor the foot's side. Rows are
 * reversed when the force-weighted centroid of the first loaded picture (heel strike) lies at a higher
 * row than that of the last (toe-off), so row 0 is the heel. Columns are mirrored when the
 * midfoot contact lies mostly on the low-column side of the heel-to-forefoot line: the medial arch is the
 * unloaded side of a footprint (the same idea as pressuRe's {@code auto_detect_side}, which compares
 * footprint area either side of the foot's long axis). This can fail for very flat feet whose midfoot is
 * loaded across its full width.
 */
public final class EmedLstParser {
  private static final Pattern MATRIX = Pattern.compile("Matrix:\\s*(\\d+)\\s*x\\s*(\\d+)");
  private static final Pattern TIME = Pattern.compile("Time/picture:\\s*([0-9.]+)\\s*(ms|s)", Pattern.CASE_INSENSITIVE);
  private static final Pattern SIZE = Pattern.compile("Sensor size:\\s*([0-9.]+)\\s*x\\s*([0-9.]+)\\s*(cm|mm)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PICT = Pattern.compile("Pict-No\\.:\\s*(\\d+)");

  private EmedLstParser() {}

  public static ParsedScan parse(String fileName, BufferedReader in, String side) {
    try {
      return read(fileName, in, side);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One picture: row label -> values by column position, with the column labels of its page. */
  private record Page(int[] colLabels, TreeMap<Integer, float[]> rows) {}

  private static ParsedScan read(String fileName, BufferedReader in, String side) throws IOException {
    if (!"L".equals(side) && !"R".equals(side)) {
      throw new ScanParseException(fileName, 0, "expected the manifest to give side L or R for an emed export");
    }
    Integer matrixCols = null;
    Integer matrixRows = null;
    Double secondsPerPicture = null;
    double colMm = Double.NaN;
    double rowMm = Double.NaN;
    List<Page> pages = new ArrayList<>();
    long lineNo = 0;
    String line;
    boolean inPage = false;
    boolean pictPage = false;
    boolean summaryReached = false;
    int[] colLabels = null;
    boolean forceColumn = false;
    TreeMap<Integer, float[]> rows = null;
    boolean pageClosed = true;
    boolean anyForceRow = false;
    int lastPict = 0;
    long pageStartLine = 0;
    while ((line = in.readLine()) != null && !summaryReached) {
      lineNo++;
      String t = line.strip();
      if (t.startsWith("Page")) {
        if (inPage && pictPage && !pageClosed) {
          finishPage(fileName, pageStartLine, colLabels, rows, pages);
        }
        inPage = true;
        pictPage = false;
        pageClosed = false;
        colLabels = null;
        rows = null;
        pageStartLine = lineNo;
        continue;
      }
      if (!inPage) {
        continue;
      }
      if (colLabels == null) {
        Matcher m = MATRIX.matcher(t);
        if (m.find()) {
          matrixCols = Integer.parseInt(m.group(1));
          matrixRows = Integer.parseInt(m.group(2));
        }
        m = TIME.matcher(t);
        if (m.find()) {
          double v = Double.parseDouble(m.group(1));
          secondsPerPicture = m.group(2).equalsIgnoreCase("ms") ? v / 1000.0 : v;
        }
        m = SIZE.matcher(t);
        if (m.find()) {
          double f = m.group(3).equalsIgnoreCase("cm") ? 10.0 : 1.0;
          colMm = Double.parseDouble(m.group(1)) * f;
          rowMm = Double.parseDouble(m.group(2)) * f;
        }
        m = PICT.matcher(t);
        if (m.find()) {
          int pict = Integer.parseInt(m.group(1));
          if (pict <= lastPict) {
            throw new ScanParseException(fileName, lineNo, "expected one recording per file (picture numbers increasing), found picture " + pict + " after " + lastPict);
          }
          lastPict = pict;
          pictPage = true;
          continue;
        }
        if (line.startsWith("\t") && !t.isEmpty() && Character.isDigit(t.charAt(0))) {
          if (!pictPage) {
            summaryReached = true; // MVP/MPP summary pages follow the pictures
            continue;
          }
          String[] tok = t.split("\\s+");
          forceColumn = tok[tok.length - 1].equalsIgnoreCase("Force");
          int n = forceColumn ? tok.length - 1 : tok.length;
          colLabels = new int[n];
          for (int i = 0; i < n; i++) {
            colLabels[i] = label(fileName, lineNo, tok[i], matrixCols == null ? 512 : matrixCols, "column");
          }
          rows = new TreeMap<>();
        }
        continue;
      }
      if (line.startsWith("\f")) {
        if (!pageClosed) {
          finishPage(fileName, pageStartLine, colLabels, rows, pages);
        }
        pageClosed = true;
        inPage = false;
        continue;
      }
      if (pageClosed || t.isEmpty()) {
        continue;
      }
      String[] tok = t.split("\\s+");
      if (tok[0].equalsIgnoreCase("Force")) {
        anyForceRow = true;
        finishPage(fileName, pageStartLine, colLabels, rows, pages);
        pageClosed = true;
        continue;
      }
      int expected = colLabels.length + (forceColumn ? 1 : 0);
      if (tok.length != expected + 1) {
        throw new ScanParseException(fileName, lineNo, "expected a row number and " + expected + " values, found " + tok.length + " values (truncated?)");
      }
      int rowLabel = label(fileName, lineNo, tok[0], matrixRows == null ? 512 : matrixRows, "row");
      float[] v = new float[colLabels.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = PedarAscParser.number(fileName, lineNo, tok[i + 1]);
      }
      rows.put(rowLabel, v);
    }
    if (inPage && pictPage && !pageClosed) {
      if (anyForceRow || colLabels == null || rows == null || rows.isEmpty()) {
        throw new ScanParseException(fileName, lineNo, "expected the rest of picture " + lastPict + " (its Force row), found end of file (truncated?)");
      }
      finishPage(fileName, pageStartLine, colLabels, rows, pages);
    }
    if (pages.isEmpty()) {
      throw new ScanParseException(fileName, lineNo, "expected at least one 'Pict-No.' picture, found none");
    }
    if (secondsPerPicture == null || !(secondsPerPicture > 0)) {
      throw new ScanParseException(fileName, 0, "expected a 'Time/picture:' value above 0 (ms or s)");
    }
    if (!(colMm >= 0.5 && colMm <= 50 && rowMm >= 0.5 && rowMm <= 50)) {
      throw new ScanParseException(fileName, 0, "expected 'Sensor size: W x H cm' between 0.05 and 5 cm");
    }
    ParsedScan scan = toScan(side, secondsPerPicture, rowMm, colMm, pages);
    requireRollOff(fileName, lineNo, scan);
    return scan;
  }

  /**
   * A platform recording runs until the foot leaves the plate. A file whose last picture still carries
   * more than half the peak force was cut mid-stance: the export has no picture count to check against,
   * so this is how a file truncated at a page boundary is caught.
   */
  static void requireRollOff(String fileName, long lineNo, ParsedScan scan) {
    double peak = 0;
    for (float[] f : scan.frames()) {
      peak = Math.max(peak, StepSegmentation.force(f, scan.cellAreaMm2()));
    }
    double last = StepSegmentation.force(scan.frames().get(scan.frames().size() - 1), scan.cellAreaMm2());
    if (peak > 0 && last > 0.5 * peak) {
      throw new ScanParseException(fileName, lineNo, String.format(java.util.Locale.ROOT,
          "expected the recording to end after toe-off, found the last picture at %.0f%% of peak force (truncated?)", 100 * last / peak));
    }
  }

  private static void finishPage(String fileName, long pageLine, int[] colLabels, TreeMap<Integer, float[]> rows, List<Page> pages) {
    if (colLabels == null || rows == null || rows.isEmpty()) {
      throw new ScanParseException(fileName, pageLine, "expected a matrix of column numbers and rows on this page, found none");
    }
    pages.add(new Page(colLabels, rows));
  }

  private static int label(String fileName, long lineNo, String token, int max, String what) {
    try {
      int v = Integer.parseInt(token);
      if (v < 1 || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ScanParseException(fileName, lineNo, "expected a " + what + " number 1-" + max + ", found " + ScanParseException.show(token));
    }
  }

  private static ParsedScan toScan(String side, double secondsPerPicture, double rowMm, double colMm, List<Page> pages) {
    int minRow = Integer.MAX_VALUE;
    int maxRow = Integer.MIN_VALUE;
    int minCol = Integer.MAX_VALUE;
    int maxCol = Integer.MIN_VALUE;
    for (Page p : pages) {
      minRow = Math.min(minRow, p.rows().firstKey());
      maxRow = Math.max(maxRow, p.rows().lastKey());
      for (int c : p.colLabels()) {
        minCol = Math.min(minCol, c);
        maxCol = Math.max(maxCol, c);
      }
    }
    int rows = maxRow - minRow + 1;
    int cols = maxCol - minCol + 1;
    List<float[]> frames = new ArrayList<>(pages.size());
    for (Page p : pages) {
      float[] f = new float[rows * cols];
      for (var e : p.rows().entrySet()) {
        int r = e.getKey() - minRow;
        float[] v = e.getValue();
        for (int i = 0; i < v.length; i++) {
          f[r * cols + p.colLabels()[i] - minCol] = v[i];
        }
      }
      frames.add(f);
    }
    boolean flipRows = heelAtHighRows(frames, rows, cols);
    List<float[]> rowsOriented = Grids.reorient(frames, rows, cols, flipRows, false);
    boolean flipCols = medialAtHighColumns(Grids.maxPicture(rowsOriented, rows * cols), rows, cols);
    return new ParsedScan(side, "emed", 1.0 / secondsPerPicture, rows, cols, rowMm, colMm,
        Grids.reorient(rowsOriented, rows, cols, false, flipCols));
  }

  /** True when the first loaded picture's centroid row is above the last loaded picture's. */
  static boolean heelAtHighRows(List<float[]> frames, int rows, int cols) {
    double first = Double.NaN;
    double last = Double.NaN;
    for (float[] f : frames) {
      double sum = 0;
      double rowSum = 0;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          float v = f[r * cols + c];
          if (v > 0) {
            sum += v;
            rowSum += v * r;
          }
        }
      }
      if (sum > 0) {
        double centroid = rowSum / sum;
        if (Double.isNaN(first)) {
          first = centroid;
        }
        last = centroid;
      }
    }
    return !Double.isNaN(first) && first > last;
  }

  /**
   * With row 0 at the heel: true when fewer midfoot-third contact cells lie on the high-column side of the
   * line from the heel-third to the forefoot-third centroid than on the low side (the arch is medial).
   */
  static boolean medialAtHighColumns(float[] peak, int rows, int cols) {
    int r0 = -1;
    int r1 = -1;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        if (peak[r * cols + c] > 0) {
          if (r0 < 0) {
            r0 = r;
          }
          r1 = r;
        }
      }
    }
    if (r0 < 0) {
      return false;
    }
    double len = r1 - r0 + 1;
    double heelEnd = r0 + len / 3;
    double foreStart = r0 + 2 * len / 3;
    double[] heel = centroid(peak, rows, cols, r0, heelEnd);
    double[] fore = centroid(peak, rows, cols, foreStart, r1 + 1);
    if (heel == null || fore == null || fore[0] == heel[0]) {
      return false;
    }
    int low = 0;
    int high = 0;
    for (int r = 0; r < rows; r++) {
      if (r < heelEnd || r >= foreStart) {
        continue;
      }
      double axis = heel[1] + (fore[1] - heel[1]) * (r - heel[0]) / (fore[0] - heel[0]);
      for (int c = 0; c < cols; c++) {
        if (peak[r * cols + c] > 0) {
          if (c < axis) {
            low++;
          } else if (c > axis) {
            high++;
          }
        }
      }
    }
    return high < low;
  }

  /** Unweighted centroid {row, col} of contact cells with row in [from, to); null when none. */
  private static double[] centroid(float[] peak, int rows, int cols, double from, double to) {
    double n = 0;
    double rs = 0;
    double cs = 0;
    for (int r = 0; r < rows; r++) {
      if (r < from || r >= to) {
        continue;
      }
      for (int c = 0; c < cols; c++) {
        if (peak[r * cols + c] > 0) {
          n++;
          rs += r;
          cs += c;
        }
      }
    }
    return n == 0 ? null : new double[] {rs / n, cs / n};
  }
}
