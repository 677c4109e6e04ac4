package org.gaitoutcomes.scans;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Novel pedar ASCII export ({@code .asc}): a header (file name and recording time, sensor type,
 * total time, time per frame and scanning rate, pressure unit, mask definition), a {@code time[secs]}
 * line labelling 198 columns (99 sensors of the left insole, then 99 of the right), then one line per
 * frame: time, then 198 pressures in kPa. Produces two {@link ParsedScan}s (L, R) on the
 * {@link PedarLayout} grid. The file-name, date/time and sensor-serial parts of the header are read past
 * and never kept.
 */
public final class PedarAscParser {
  private static final Pattern RATE = Pattern.compile("scanning rate \\[Hz\\]:\\s*([0-9.]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern TOTAL = Pattern.compile("total time \\[secs\\]:\\s*([0-9.]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern UNIT = Pattern.compile("pressure values in\\s+(\\S+)", Pattern.CASE_INSENSITIVE);
  private static final int VALUES = 2 * PedarLayout.SENSORS;

  private PedarAscParser() {}

  public static List<ParsedScan> parse(String fileName, BufferedReader in) {
    try {
      return read(fileName, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ParsedScan> read(String fileName, BufferedReader in) throws IOException {
    Double hz = null;
    Double totalS = null;
    Double pitch = null;
    boolean sensorTypeSeen = false;
    long lineNo = 0;
    String line;
    // Header: up to the time[secs] label line.
    while (true) {
      line = in.readLine();
      lineNo++;
      if (line == null) {
        throw new ScanParseException(fileName, lineNo, "expected the 'time[secs]' column header line, found end of file");
      }
      String t = line.strip();
      String lower = t.toLowerCase(Locale.ROOT);
      if (lower.startsWith("sensor type:")) {
        sensorTypeSeen = true;
        pitch = PedarLayout.pitchMm(t.substring("sensor type:".length()));
        if (pitch == null) {
          throw new ScanParseException(fileName, lineNo, "expected a pedar insole size u, v, w, x, y or z at the start of the sensor type");
        }
      }
      Matcher m = RATE.matcher(t);
      if (m.find()) {
        hz = Double.parseDouble(m.group(1));
      }
      m = TOTAL.matcher(t);
      if (m.find()) {
        totalS = Double.parseDouble(m.group(1));
      }
      m = UNIT.matcher(t);
      if (m.find() && !m.group(1).equalsIgnoreCase("kPa")) {
        throw new ScanParseException(fileName, lineNo, "expected pressure values in kPa, found " + ScanParseException.show(m.group(1)));
      }
      if (lower.startsWith("time[secs]")) {
        int labels = t.substring("time[secs]".length()).strip().split("\\s+").length;
        if (labels != VALUES) {
          throw new ScanParseException(fileName, lineNo, "expected " + VALUES + " sensor columns (99 left, 99 right), found " + labels);
        }
        break;
      }
    }
    if (!sensorTypeSeen) {
      throw new ScanParseException(fileName, 0, "expected a 'sensor type:' header line naming the insole");
    }
    if (hz == null || !(hz > 0)) {
      throw new ScanParseException(fileName, 0, "expected a 'scanning rate [Hz]:' header value above 0");
    }
    List<float[]> left = new ArrayList<>();
    List<float[]> right = new ArrayList<>();
    float[] values = new float[VALUES];
    while ((line = in.readLine()) != null) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      String[] tok = splitWhitespace(t);
      if (tok.length != VALUES + 1) {
        throw new ScanParseException(fileName, lineNo, "expected a time and " + VALUES + " pressures, found " + tok.length + " values (truncated?)");
      }
      for (int i = 0; i < VALUES; i++) {
        values[i] = number(fileName, lineNo, tok[i + 1]);
      }
      number(fileName, lineNo, tok[0]);
      left.add(PedarLayout.toGrid(values, 0));
      right.add(PedarLayout.toGrid(values, PedarLayout.SENSORS));
    }
    if (left.isEmpty()) {
      throw new ScanParseException(fileName, lineNo, "expected frames after the column header, found none");
    }
    if (totalS != null) {
      long expected = Math.round(totalS * hz);
      if (Math.abs(expected - left.size()) > 1) {
        throw new ScanParseException(fileName, lineNo, "expected " + expected + " frames (total time " + totalS + " s at "
            + hz + " Hz), found " + left.size() + " (truncated?)");
      }
    }
    return List.of(
        new ParsedScan("L", "pedar", hz, PedarLayout.ROWS, PedarLayout.COLS, pitch, pitch, left),
        new ParsedScan("R", "pedar", hz, PedarLayout.ROWS, PedarLayout.COLS, pitch, pitch, right));
  }

  /** Tokens of a stripped line separated by runs of spaces or tabs (faster than a regular expression). */
  static String[] splitWhitespace(String line) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>(VALUES + 1);
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(line.substring(start, i));
      }
    }
    return out.toArray(new String[0]);
  }

  static float number(String fileName, long lineNo, String token) {
    try {
      float v = Float.parseFloat(token);
      if (Float.isNaN(v) || Float.isInfinite(v) || v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ScanParseException(fileName, lineNo, "expected a pressure >= 0, found "
          + (token.isBlank() ? "an empty value (truncated?)" : ScanParseException.show(token)));
    }
  }
}
