package org.gaitoutcomes.scans;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tekscan F-Scan ASCII movie export ({@code .asf}): {@code KEY value} header lines (ROWS, COLS,
 * ROW_SPACING, COL_SPACING, SECONDS_PER_FRAME, UNITS, START_FRAME, END_FRAME, MIRROR_ROW, MIRROR_COL; the
 * identifying FILENAME, CALIBRATION_INFO, TIME, HARDWARE and COMMENTS are read past and never kept), then
 * {@code ASCII_DATA @@}, then {@code Frame n} blocks of ROWS comma-separated lines of COLS values
 * ({@code B} = outside the insole, kept as NaN), then a closing {@code @@}.
 *
 * <p>Orientation: Tekscan shows the sensor as seen from above with the toes at row 1, so rows are reversed
 * (heel first) and a left foot, whose medial edge is then on the high-column side, is mirrored; a
 * MIRROR_ROW or MIRROR_COL of 1 toggles the corresponding flip. On the real fixture this puts the
 * loaded lateral midfoot band on the lateral side and heel contact at row 0 at the start of each step.
 */
public final class FscanAsfParser {
  private FscanAsfParser() {}

  public static ParsedScan parse(String fileName, BufferedReader in, String side) {
    try {
      return read(fileName, in, side);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ParsedScan read(String fileName, BufferedReader in, String side) throws IOException {
    if (!"L".equals(side) && !"R".equals(side)) {
      throw new ScanParseException(fileName, 0, "expected the manifest to give side L or R for an F-Scan export");
    }
    Map<String, String> header = new HashMap<>();
    long lineNo = 0;
    String line;
    boolean inComments = false;
    while (true) {
      line = in.readLine();
      lineNo++;
      if (line == null) {
        throw new ScanParseException(fileName, lineNo, "expected 'ASCII_DATA @@' before the frames, found end of file");
      }
      String t = line.strip();
      if (t.startsWith("ASCII_DATA")) {
        break;
      }
      int sp = t.indexOf(' ');
      String key = sp > 0 ? t.substring(0, sp) : t;
      if (key.equals("COMMENTS:")) {
        inComments = true;
        continue;
      }
      if (inComments && !key.matches("[A-Z_0-9]+")) {
        continue; // free-text comment lines: identifying, never kept
      }
      inComments = false;
      if (sp > 0) {
        header.put(key, t.substring(sp + 1).strip());
      }
    }
    int rows = intKey(fileName, header, "ROWS");
    int cols = intKey(fileName, header, "COLS");
    double rowMm = lengthMm(fileName, header, "ROW_SPACING");
    double colMm = lengthMm(fileName, header, "COL_SPACING");
    double spf = doubleKey(fileName, header, "SECONDS_PER_FRAME");
    if (!(spf > 0)) {
      throw new ScanParseException(fileName, 0, "expected SECONDS_PER_FRAME above 0");
    }
    double unitFactor = unitFactor(fileName, header.getOrDefault("UNITS", "KPa"));
    boolean mirrorRow = "1".equals(header.get("MIRROR_ROW"));
    boolean mirrorCol = "1".equals(header.get("MIRROR_COL"));
    Integer expectedFrames = null;
    if (header.containsKey("START_FRAME") && header.containsKey("END_FRAME")) {
      expectedFrames = intKey(fileName, header, "END_FRAME") - intKey(fileName, header, "START_FRAME") + 1;
    }

    List<float[]> frames = new ArrayList<>();
    boolean closed = false;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (t.equals("@@")) {
        closed = true;
        break;
      }
      if (!t.startsWith("Frame")) {
        throw new ScanParseException(fileName, lineNo, "expected 'Frame n' or the closing '@@', found " + ScanParseException.show(t));
      }
      float[] frame = new float[rows * cols];
      for (int r = 0; r < rows; r++) {
        line = in.readLine();
        lineNo++;
        if (line == null) {
          throw new ScanParseException(fileName, lineNo, "expected row " + (r + 1) + " of " + rows + " of frame " + (frames.size() + 1) + ", found end of file (truncated?)");
        }
        String[] tok = line.strip().split(",", -1);
        if (tok.length != cols) {
          throw new ScanParseException(fileName, lineNo, "expected " + cols + " comma-separated values, found " + tok.length + " (truncated?)");
        }
        for (int c = 0; c < cols; c++) {
          String v = tok[c].strip();
          frame[r * cols + c] = v.equals("B") ? Float.NaN : (float) (PedarAscParser.number(fileName, lineNo, v) * unitFactor);
        }
      }
      frames.add(frame);
    }
    if (!closed) {
      throw new ScanParseException(fileName, lineNo, "expected the closing '@@' after the last frame, found end of file (truncated?)");
    }
    if (frames.isEmpty()) {
      throw new ScanParseException(fileName, lineNo, "expected at least one frame, found none");
    }
    if (expectedFrames != null && expectedFrames != frames.size()) {
      throw new ScanParseException(fileName, lineNo, "expected " + expectedFrames + " frames (START_FRAME..END_FRAME), found " + frames.size());
    }
    boolean flipRows = !mirrorRow;
    boolean flipCols = "L".equals(side) != mirrorCol;
    return new ParsedScan(side, "fscan", 1.0 / spf, rows, cols, rowMm, colMm, Grids.reorient(frames, rows, cols, flipRows, flipCols));
  }

  private static String required(String fileName, Map<String, String> header, String key) {
    String v = header.get(key);
    if (v == null || v.isBlank()) {
      throw new ScanParseException(fileName, 0, "expected a " + key + " header line");
    }
    return v;
  }

  private static int intKey(String fileName, Map<String, String> header, String key) {
    String v = required(fileName, header, key).split("\\s+")[0];
    try {
      int n = Integer.parseInt(v);
      if (n < 1 || n > 512) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ScanParseException(fileName, 0, "expected " + key + " to be a whole number 1-512, found " + ScanParseException.show(v));
    }
  }

  private static double doubleKey(String fileName, Map<String, String> header, String key) {
    String v = required(fileName, header, key).split("\\s+")[0];
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ScanParseException(fileName, 0, "expected " + key + " to be a number, found " + ScanParseException.show(v));
    }
  }

  /** ROW_SPACING / COL_SPACING with unit mm (default), cm or inches. */
  private static double lengthMm(String fileName, Map<String, String> header, String key) {
    String[] parts = required(fileName, header, key).split("\\s+");
    double v = doubleKey(fileName, header, key);
    String unit = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "mm";
    double mm = switch (unit) {
      case "mm" -> v;
      case "cm", "centimeters" -> v * 10;
      case "in", "inch", "inches" -> v * 25.4;
      default -> throw new ScanParseException(fileName, 0, "expected " + key + " in mm, cm or inches, found unit " + ScanParseException.show(unit));
    };
    if (!(mm >= 0.5 && mm <= 50)) {
      throw new ScanParseException(fileName, 0, "expected " + key + " between 0.5 and 50 mm, found " + mm);
    }
    return mm;
  }

  /** Factor to kPa: KPa (default) or PSI; raw sensor units are refused. */
  private static double unitFactor(String fileName, String units) {
    String u = units.strip().toLowerCase(Locale.ROOT);
    if (u.equals("kpa")) {
      return 1.0;
    }
    if (u.equals("psi")) {
      return 6.894757; // kPa per psi
    }
    throw new ScanParseException(fileName, 0, "expected UNITS KPa or PSI, found " + ScanParseException.show(units));
  }
}
