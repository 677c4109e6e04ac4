package org.gaitoutcomes.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.provenance.RunManifest;
import scala.collection.JavaConverters;

/**
 * Compares two output folders written by the same command on different masters:
 * <ul>
 *   <li>the same files, ignoring hidden files, checksums and the names and number of Spark part
 *       files; an MLlib stage folder's random uid suffix ({@code _0123456789ab}) is normalised;</li>
 *   <li>every Parquet table (a folder of {@code .parquet} files): the same schema and the same rows in
 *       any order;</li>
 *   <li>every {@code .json} file: the same tree after masking {@link #MASKED_KEYS} at any depth;</li>
 *   <li>every {@code .csv} file: the same header and the same rows in any order.</li>
 * </ul>
 * Everywhere, an output folder's own path is replaced by {@code <OUT>} before comparing, and
 * floating-point numbers are equal within {@link #RELATIVE_TOLERANCE} (a sum over differently split
 * partitions may differ in its last bits; anything a study reports is far coarser). Other files
 * (HTML, SVG, PNG, model metadata) must exist in both, not match byte for byte: they may carry
 * run times. Returns the differences; empty means equal.
 */
final class OutputComparison {
  /** Keys whose values change from run to run: the run manifest's volatile fields. */
  static final Set<String> MASKED_KEYS = Set.copyOf(RunManifest.VOLATILE_FIELDS);
  static final double RELATIVE_TOLERANCE = 1e-9;
  /**
   * Files that must exist in both outputs but whose content legitimately differs between masters:
   * stage timings. (Forest importances are compared: the forests grow from sums, independent of
   * partitioning.)
   */
  static final Set<String> CONTENT_NOT_COMPARED = Set.of("report/exports/stages.csv", "report/exports/stages.json");
  /** Guard: the compared runs are small; a table this large means the wrong input. */
  static final int MAX_ROWS = 2_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SparkSession spark;
  private final Path expectedRoot;
  private final Path actualRoot;
  private final List<String> differences = new ArrayList<>();

  private OutputComparison(SparkSession spark, Path expectedRoot, Path actualRoot) {
    this.spark = spark;
    this.expectedRoot = expectedRoot;
    this.actualRoot = actualRoot;
  }

  static List<String> compare(SparkSession spark, Path expected, Path actual) {
    OutputComparison c = new OutputComparison(spark, expected, actual);
    c.run();
    return c.differences;
  }

  private void run() {
    Map<String, Path> expectedFiles = files(expectedRoot);
    Map<String, Path> actualFiles = files(actualRoot);
    Set<String> missing = new TreeSet<>(expectedFiles.keySet());
    missing.removeAll(actualFiles.keySet());
    Set<String> extra = new TreeSet<>(actualFiles.keySet());
    extra.removeAll(expectedFiles.keySet());
    missing.forEach(f -> differences.add(f + ": missing"));
    extra.forEach(f -> differences.add(f + ": unexpected"));
    Set<String> parquetTables = new TreeSet<>();
    for (Map.Entry<String, Path> e : expectedFiles.entrySet()) {
      String key = e.getKey();
      if (!actualFiles.containsKey(key) || CONTENT_NOT_COMPARED.contains(key)) {
        continue;
      }
      if (key.endsWith("/part-*.parquet")) {
        parquetTables.add(key);
      } else if (key.endsWith(".json")) {
        compareJson(key, e.getValue(), actualFiles.get(key));
      } else if (key.endsWith(".csv")) {
        compareCsv(key, e.getValue(), actualFiles.get(key));
      }
    }
    for (String table : parquetTables) {
      compareParquet(table, expectedFiles.get(table).getParent(), actualFiles.get(table).getParent());
    }
  }

  /**
   * Files below {@code root} by normalised relative path: part files collapse to one
   * {@code <folder>/part-*<ext>} entry per folder and extension, uid suffixes become {@code _<uid>}.
   */
  static Map<String, Path> files(Path root) {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(f -> {
        String rel = root.relativize(f).toString().replace('\\', '/');
        if (Stream.of(rel.split("/")).anyMatch(s -> s.startsWith(".")) || rel.endsWith(".crc")) {
          return;
        }
        String name = f.getFileName().toString();
        String dir = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/') + 1) : "";
        if (name.startsWith("part-")) {
          String ext = name.endsWith(".parquet") ? ".parquet" : name.contains(".") ? name.substring(name.lastIndexOf('.')) : "";
          rel = dir + "part-*" + ext;
        }
        files.putIfAbsent(rel.replaceAll("_[0-9a-f]{12}(?=/|$)", "_<uid>"), f);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private void compareParquet(String key, Path expectedDir, Path actualDir) {
    String table = key.substring(0, key.length() - "/part-*.parquet".length());
    Dataset<Row> expected = spark.read().parquet(expectedDir.toUri().toString());
    Dataset<Row> actual = spark.read().parquet(actualDir.toUri().toString());
    if (!expected.schema().equals(actual.schema())) {
      differences.add(table + ": schema differs: expected " + expected.schema().simpleString() + " but was "
          + actual.schema().simpleString());
      return;
    }
    List<Object> expectedRows = canonicalRows(table, expected, expectedRoot);
    List<Object> actualRows = canonicalRows(table, actual, actualRoot);
    if (expectedRows.size() != actualRows.size()) {
      differences.add(table + ": expected " + expectedRows.size() + " rows but found " + actualRows.size());
      return;
    }
    for (int i = 0; i < expectedRows.size(); i++) {
      if (!same(expectedRows.get(i), actualRows.get(i))) {
        differences.add(table + ": rows differ, first at sorted position " + i + ": expected " + expectedRows.get(i)
            + " but was " + actualRows.get(i));
        return;
      }
    }
  }

  private List<Object> canonicalRows(String table, Dataset<Row> rows, Path root) {
    List<Row> collected = rows.limit(MAX_ROWS + 1).collectAsList();
    if (collected.size() > MAX_ROWS) {
      throw new AssertionError(table + " has more than " + MAX_ROWS + " rows; the cluster tests expect small outputs");
    }
    List<Object> canonical = new ArrayList<>(collected.size());
    for (Row r : collected) {
      canonical.add(canonical(r, root));
    }
    canonical.sort(VALUE_ORDER);
    return canonical;
  }

  /** Plain Java values: rows and arrays as lists, maps as sorted maps, vectors as lists of doubles, floats as doubles. */
  @SuppressWarnings("unchecked")
  private Object canonical(Object v, Path root) {
    if (v instanceof Row row) {
      List<Object> fields = new ArrayList<>(row.size());
      for (int i = 0; i < row.size(); i++) {
        fields.add(canonical(row.get(i), root));
      }
      return fields;
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return canonical(JavaConverters.seqAsJavaList(seq), root);
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      return canonical(JavaConverters.mapAsJavaMap(map), root);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(x -> out.add(canonical(x, root)));
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, x) -> out.put(String.valueOf(canonical(k, root)), canonical(x, root)));
      return out;
    }
    if (v instanceof org.apache.spark.ml.linalg.Matrix m) {
      List<Object> out = new ArrayList<>();
      out.add((long) m.numRows());
      out.add((long) m.numCols());
      for (double d : m.toArray()) {
        out.add(d);
      }
      return out;
    }
    if (v instanceof Vector vec) {
      List<Object> out = new ArrayList<>(vec.size());
      for (double d : vec.toArray()) {
        out.add(d);
      }
      return out;
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof byte[] bytes) {
      return java.util.HexFormat.of().formatHex(bytes);
    }
    if (v instanceof String s) {
      return maskPaths(s, root);
    }
    return v;
  }

  /** Total order over canonical values, so two row lists can be sorted the same way. */
  static final Comparator<Object> VALUE_ORDER = new Comparator<>() {
    @Override
    public int compare(Object a, Object b) {
      if (a == null || b == null) {
        return a == null ? (b == null ? 0 : -1) : 1;
      }
      if (a instanceof Number x && b instanceof Number y) {
        return (x instanceof Double || y instanceof Double) ? Double.compare(x.doubleValue(), y.doubleValue())
            : Long.compare(x.longValue(), y.longValue());
      }
      if (a instanceof List<?> x && b instanceof List<?> y) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
          int c = compare(x.get(i), y.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      }
      if (a instanceof Comparable<?> && a.getClass().equals(b.getClass())) {
        @SuppressWarnings("unchecked")
        Comparable<Object> ca = (Comparable<Object>) a;
        return ca.compareTo(b);
      }
      return a.toString().compareTo(b.toString());
    }
  };

  /** Equal canonical values, doubles within {@link #RELATIVE_TOLERANCE}. */
  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Double || b instanceof Double) {
      return a instanceof Number x && b instanceof Number y && closeEnough(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Object k : x.keySet()) {
        if (!same(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static boolean closeEnough(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.isNaN(a) && Double.isNaN(b);
    }
    if (a == b) {
      return true;
    }
    return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  /**
   * Per file, fields whose values legitimately differ between masters: the saved models' provenance
   * lists the analysis table's part files, whose names and row order within a file depend on the run.
   * Everything else in the file (coefficients, bounds, every forest) is compared.
   */
  static final Map<String, String> MASKED_FIELD_OF_FILE = Map.of("results/model/models.json", "inputs", "model/models.json", "inputs");

  private void compareJson(String key, Path expectedFile, Path actualFile) {
    JsonNode expected = maskJson(readJson(expectedFile), expectedRoot);
    JsonNode actual = maskJson(readJson(actualFile), actualRoot);
    String field = MASKED_FIELD_OF_FILE.get(key);
    if (field != null) {
      for (JsonNode n : List.of(expected, actual)) {
        if (n.get("provenance") instanceof ObjectNode provenance && provenance.has(field)) {
          provenance.set(field, TextNode.valueOf("<masked>"));
        }
      }
    }
    String where = jsonDifference("", expected, actual);
    if (where != null) {
      differences.add(key + ": differs at " + where);
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + file, e);
    }
  }

  /** Masks {@link #MASKED_KEYS} at any depth and the output folder's path inside strings. */
  private static JsonNode maskJson(JsonNode node, Path root) {
    if (node.isObject()) {
      ObjectNode obj = (ObjectNode) node;
      Iterator<String> names = obj.fieldNames();
      List<String> keys = new ArrayList<>();
      names.forEachRemaining(keys::add);
      for (String k : keys) {
        obj.set(k, MASKED_KEYS.contains(k) ? TextNode.valueOf("<masked>") : maskJson(obj.get(k), root));
      }
      return obj;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, maskJson(node.get(i), root));
      }
      return node;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(maskPaths(node.asText(), root));
    }
    return node;
  }

  /** The JSON path of the first difference, or null when equal (numbers within the tolerance). */
  private static String jsonDifference(String path, JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      boolean equal = a.isIntegralNumber() && b.isIntegralNumber() ? a.bigIntegerValue().equals(b.bigIntegerValue())
          : closeEnough(a.doubleValue(), b.doubleValue());
      return equal ? null : path + " (" + a + " vs " + b + ")";
    }
    if (a.getNodeType() != b.getNodeType()) {
      return path + " (" + a + " vs " + b + ")";
    }
    if (a.isObject()) {
      Set<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      Set<String> otherKeys = new TreeSet<>();
      b.fieldNames().forEachRemaining(otherKeys::add);
      if (!keys.equals(otherKeys)) {
        return path + " (keys " + keys + " vs " + otherKeys + ")";
      }
      for (String k : keys) {
        String d = jsonDifference(path + "." + k, a.get(k), b.get(k));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (a.isArray()) {
      if (a.size() != b.size()) {
        return path + " (" + a.size() + " vs " + b.size() + " elements)";
      }
      for (int i = 0; i < a.size(); i++) {
        String d = jsonDifference(path + "[" + i + "]", a.get(i), b.get(i));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return a.equals(b) ? null : path + " (" + a + " vs " + b + ")";
  }

  private void compareCsv(String key, Path expectedFile, Path actualFile) {
    List<List<String>> expected = readCsv(expectedFile, expectedRoot);
    List<List<String>> actual = readCsv(actualFile, actualRoot);
    if (expected.isEmpty() || actual.isEmpty()) {
      if (expected.size() != actual.size()) {
        differences.add(key + ": one file is empty");
      }
      return;
    }
    if (!expected.get(0).equals(actual.get(0))) {
      differences.add(key + ": header differs: " + expected.get(0) + " vs " + actual.get(0));
      return;
    }
    List<Object> e = csvRows(expected.subList(1, expected.size()));
    List<Object> a = csvRows(actual.subList(1, actual.size()));
    if (e.size() != a.size()) {
      differences.add(key + ": " + e.size() + " vs " + a.size() + " rows");
      return;
    }
    for (int i = 0; i < e.size(); i++) {
      if (!same(e.get(i), a.get(i))) {
        differences.add(key + ": rows differ, first at sorted position " + i + ": " + e.get(i) + " vs " + a.get(i));
        return;
      }
    }
  }

  /** Data rows with numeric cells as doubles, sorted. */
  private static List<Object> csvRows(List<List<String>> rows) {
    List<Object> out = new ArrayList<>(rows.size());
    for (List<String> row : rows) {
      List<Object> cells = new ArrayList<>(row.size());
      for (String cell : row) {
        cells.add(parseNumber(cell));
      }
      out.add(cells);
    }
    out.sort(VALUE_ORDER);
    return out;
  }

  private static Object parseNumber(String cell) {
    if (cell.isEmpty() || !(Character.isDigit(cell.charAt(cell.length() - 1)) || cell.endsWith("NaN") || cell.endsWith("Infinity"))) {
      return cell;
    }
    try {
      return Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      return cell;
    }
  }

  /** RFC 4180 CSV: quoted cells may hold commas, doubled quotes and line breaks. */
  static List<List<String>> readCsv(Path file, Path root) {
    String text;
    try {
      text = maskPaths(Files.readString(file, StandardCharsets.UTF_8), root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        cell.append(c);
      }
    }
    if (cell.length() > 0 || !row.isEmpty()) {
      row.add(cell.toString());
      rows.add(row);
    }
    return rows;
  }

  /** Replaces the output folder's path (as URI or plain path) with {@code <OUT>}. */
  static String maskPaths(String s, Path root) {
    String path = root.toAbsolutePath().normalize().toString();
    return s.replace(root.toUri().toString().replaceAll("/$", ""), "<OUT>")
        .replace("file:" + path, "<OUT>")
        .replace(path, "<OUT>");
  }
}
