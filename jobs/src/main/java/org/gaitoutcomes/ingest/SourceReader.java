package org.gaitoutcomes.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.ColumnSpec;
import org.gaitoutcomes.schema.TableSchema;

/**
 * Reads one input table against its contract, never inferring a schema. {@link #inspect} looks at
 * every file's columns first (CSV header lines, the keys of JSON lines, Parquet footers) and fails
 * before anything is read or written when a required column is missing, a Parquet column has an
 * incompatible type, or a file is unreadable. {@link #read} then yields the contract's columns
 * (scalars as raw strings, nested columns typed), the parser's corrupt-record text, and the tags
 * {@link RowNumbers} needs. Columns outside the contract are dropped (and reported).
 */
final class SourceReader {
  /** Column holding the text of a record the CSV/JSON parser could not parse. */
  static final String CORRUPT = "_g_corrupt";

  /** Files that share a column layout, and that layout (CSV: header names; Parquet: footer schema). */
  record FileGroup(List<String> files, StructType fileSchema) {}

  /**
   * The outcome of {@link #inspect}: the file groups, the columns outside the contract (dropped), and
   * the optional contract columns absent from at least one file (read as empty), in contract order.
   */
  record Inspection(SourceTable source, TableSchema schema, List<FileGroup> groups, List<String> droppedColumns,
      List<String> missingOptional) {
    Inspection(SourceTable source, TableSchema schema, List<FileGroup> groups, List<String> droppedColumns) {
      this(source, schema, groups, droppedColumns, List.of());
    }
  }

  /** The optional contract columns missing from {@code present}, in contract order. */
  static List<String> missingOptional(TableSchema schema, Set<String> present) {
    return schema.columns().stream().filter(c -> !c.required() && !present.contains(c.name())).map(ColumnSpec::name).toList();
  }

  /** Adds {@code missing} to {@code into}, keeping contract order. */
  private static List<String> union(TableSchema schema, Set<String> missing) {
    return schema.columnNames().stream().filter(missing::contains).toList();
  }

  private SourceReader() {}

  static Inspection inspect(SparkSession spark, SourceTable source, TableSchema schema) {
    if (source.files().isEmpty()) {
      return new Inspection(source, schema, List.of(), List.of());
    }
    return switch (source.format()) {
      case CSV -> inspectCsv(spark.sparkContext().hadoopConfiguration(), source, schema);
      case JSONL -> inspectJson(spark, source, schema);
      case PARQUET -> inspectParquet(spark, source, schema);
    };
  }

  /** The table's contract columns, {@link #CORRUPT} and the {@link RowNumbers} tags. */
  static Dataset<Row> read(SparkSession spark, Inspection in) {
    return read(spark, in, false);
  }

  /**
   * As {@link #read(SparkSession, Inspection)}; with {@code csvMultiLine} a CSV field in double quotes
   * may span lines (RFC 4180): each CSV file that may hold such a field is then parsed as one stream
   * (one partition per file; see {@link #mayHaveMultiLineFields}), and source rows still count
   * records, not lines.
   */
  static Dataset<Row> read(SparkSession spark, Inspection in, boolean csvMultiLine) {
    StructType raw = in.schema().rawStringStructType();
    if (in.groups().isEmpty()) {
      return empty(spark, in.schema());
    }
    Dataset<Row> all = null;
    for (FileGroup g : in.groups()) {
      Dataset<Row> part = switch (in.source().format()) {
        case CSV -> RowNumbers.tag(csvReader(spark, g.fileSchema(), csvMultiLine && mayHaveMultiLineFields(spark, g.files()))
            .csv(g.files().toArray(String[]::new)));
        case JSONL -> RowNumbers.tag(spark.read().schema(raw.add(CORRUPT, DataTypes.StringType))
            .option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
            .json(g.files().toArray(String[]::new)));
        case PARQUET -> RowNumbers.tag(spark.read().schema(g.fileSchema()).parquet(g.files().toArray(String[]::new)));
      };
      Dataset<Row> normalized = part.select(contractColumns(in.schema(), g.fileSchema(), part));
      all = all == null ? normalized : all.unionByName(normalized);
    }
    return all;
  }

  /**
   * Whether CSV files read with multi-line fields allowed must be parsed as one stream per file (one
   * task each). A file without a single double quote cannot hold a field spanning lines (outside
   * quotes a newline always ends a record), so it is split for parallel reading instead: the same
   * records, in the same order, with the same source rows. Looked at (one Spark job over the text,
   * stopping at the first quote found) only when the files are large enough to be split, more than
   * twice {@code spark.sql.files.openCostInBytes} in all; smaller files are read in one task either way.
   */
  static boolean mayHaveMultiLineFields(SparkSession spark, List<String> files) {
    long openCost = spark.sessionState().conf().filesOpenCostInBytes();
    if (totalBytes(spark.sparkContext().hadoopConfiguration(), files) <= 2 * openCost) {
      return true;
    }
    return !spark.read().text(files.toArray(String[]::new)).filter(col("value").contains("\"")).isEmpty();
  }

  /** The files' total size on disk. */
  static long totalBytes(Configuration conf, List<String> files) {
    long bytes = 0;
    for (String file : files) {
      try {
        Path p = new Path(file);
        bytes += p.getFileSystem(conf).getFileStatus(p).getLen();
      } catch (IOException e) {
        throw new GaitException("input file " + HadoopFiles.fileName(file) + " is unreadable: " + e.getMessage(), e);
      }
    }
    return bytes;
  }

  /** A table without rows (absent, or a folder without data files), in the shape {@link #read} returns. */
  static Dataset<Row> empty(SparkSession spark, TableSchema schema) {
    return RowNumbers.tag(spark.createDataFrame(List.<Row>of(), schema.rawStringStructType().add(CORRUPT, DataTypes.StringType)));
  }

  /** Contract columns in order (scalars as strings, nested as the contract type), then corrupt text and tags. */
  private static Column[] contractColumns(TableSchema schema, StructType fileSchema, Dataset<Row> part) {
    List<Column> cols = new ArrayList<>();
    Set<String> present = Set.of(part.columns());
    for (ColumnSpec c : schema.columns()) {
      DataType target = c.isScalar() ? DataTypes.StringType : c.dataType();
      cols.add((present.contains(c.name()) ? col(c.name()) : lit(null)).cast(target).as(c.name()));
    }
    cols.add((present.contains(CORRUPT) ? col(CORRUPT) : lit(null)).cast(DataTypes.StringType).as(CORRUPT));
    for (String tag : RowNumbers.TAGS) {
      cols.add(col(tag));
    }
    return cols.toArray(Column[]::new);
  }

  private static DataFrameReader csvReader(SparkSession spark, StructType header, boolean multiLine) {
    return spark.read().schema(header.add(CORRUPT, DataTypes.StringType))
        .option("header", "true")
        .option("multiLine", Boolean.toString(multiLine))
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        // Parse every field, so a line with too many or too few fields is seen as malformed.
        .option("columnPruning", "false")
        .option("encoding", "UTF-8");
  }

  // ---- CSV: the header line of every file ----

  private static Inspection inspectCsv(Configuration conf, SourceTable source, TableSchema schema) {
    Map<List<String>, List<String>> byHeader = new LinkedHashMap<>();
    Set<String> dropped = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (String file : source.files()) {
      String line = firstLine(conf, file);
      String name = HadoopFiles.fileName(file);
      if (line == null) {
        throw new GaitException("input file " + name + " of table " + source.table() + " has no header line");
      }
      List<String> header = parseHeader(line);
      if (new TreeSet<>(header).size() != header.size()) {
        throw new GaitException("input file " + name + " of table " + source.table() + " repeats a column name in its header");
      }
      requireColumns(schema, Set.copyOf(header), name);
      missing.addAll(missingOptional(schema, Set.copyOf(header)));
      header.stream().filter(h -> schema.column(h).isEmpty()).forEach(dropped::add);
      byHeader.computeIfAbsent(header, h -> new ArrayList<>()).add(file);
    }
    List<FileGroup> groups = new ArrayList<>();
    byHeader.forEach((header, files) -> {
      StructType s = new StructType();
      for (String h : header) {
        s = s.add(h, DataTypes.StringType);
      }
      groups.add(new FileGroup(files, s));
    });
    return new Inspection(source, schema, groups, List.copyOf(dropped), union(schema, missing));
  }

  private static String firstLine(Configuration conf, String uri) {
    Path path = new Path(uri);
    try {
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (InputStream raw = path.getFileSystem(conf).open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        return reader.readLine();
      }
    } catch (IOException e) {
      throw new GaitException("input file " + HadoopFiles.fileName(uri) + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** Splits a CSV header line on commas outside double quotes; trims names and drops quotes and a BOM. */
  static List<String> parseHeader(String line) {
    String s = line.startsWith("\uFEFF") ? line.substring(1) : line;
    List<String> names = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        names.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    names.add(cur.toString().trim());
    return names;
  }

  // ---- JSON lines: the keys present in each file ----

  private static Inspection inspectJson(SparkSession spark, SourceTable source, TableSchema schema) {
    Dataset<Row> keys = spark.read().text(source.files().toArray(String[]::new))
        .select(input_file_name().as("file"), explode(org.apache.spark.sql.functions.json_object_keys(col("value"))).as("key"))
        .distinct();
    Map<String, Set<String>> keysByFile = new TreeMap<>();
    // Distinct (file, key) pairs: column names, never record values.
    // driver-safe: distinct (file, key) pairs, column names only
    for (Row r : keys.collectAsList()) {
      keysByFile.computeIfAbsent(canonical(r.getString(0)), f -> new TreeSet<>()).add(r.getString(1));
    }
    Set<String> dropped = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    for (String file : source.files()) {
      Set<String> fileKeys = keysByFile.getOrDefault(canonical(file), Set.of());
      String name = HadoopFiles.fileName(file);
      if (fileKeys.isEmpty()) {
        throw new GaitException("input file " + name + " of table " + source.table() + " holds no JSON object (is it JSON lines?)");
      }
      requireColumns(schema, fileKeys, name);
      missing.addAll(missingOptional(schema, fileKeys));
      fileKeys.stream().filter(k -> schema.column(k).isEmpty()).forEach(dropped::add);
    }
    return new Inspection(source, schema, List.of(new FileGroup(source.files(), schema.rawStringStructType())), List.copyOf(dropped),
        union(schema, missing));
  }

  /** One spelling for a file URI whether it came from a listing or from {@code input_file_name()}. */
  private static String canonical(String uri) {
    try {
      return new Path(new URI(uri)).toUri().getPath();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return new Path(uri).toUri().getPath();
    }
  }

  // ---- Parquet: the footer of every file ----

  private static Inspection inspectParquet(SparkSession spark, SourceTable source, TableSchema schema) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Map<StructType, List<String>> bySchema = new LinkedHashMap<>();
    Set<String> dropped = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    ParquetToSparkSchemaConverter converter = new ParquetToSparkSchemaConverter(spark.sessionState().conf());
    for (String file : source.files()) {
      String name = HadoopFiles.fileName(file);
      StructType fileSchema;
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
        MessageType footer = reader.getFooter().getFileMetaData().getSchema();
        fileSchema = converter.convert(footer);
      } catch (IOException | RuntimeException e) {
        throw new GaitException("input file " + name + " of table " + source.table() + " is not a readable Parquet file: "
            + firstLineOf(e.getMessage()), e);
      }
      requireColumns(schema, Set.of(fileSchema.fieldNames()), name);
      missing.addAll(missingOptional(schema, Set.of(fileSchema.fieldNames())));
      StructType kept = new StructType();
      for (StructField f : fileSchema.fields()) {
        var spec = schema.column(f.name());
        if (spec.isEmpty()) {
          dropped.add(f.name());
          continue;
        }
        if (!compatible(f.dataType(), spec.get())) {
          throw new GaitException("input file " + name + " of table " + source.table() + ": column " + f.name()
              + " has type " + f.dataType().simpleString() + ", expected " + spec.get().type());
        }
        kept = kept.add(f.name(), f.dataType());
      }
      bySchema.computeIfAbsent(kept, k -> new ArrayList<>()).add(file);
    }
    List<FileGroup> groups = new ArrayList<>();
    bySchema.forEach((s, files) -> groups.add(new FileGroup(files, s)));
    return new Inspection(source, schema, groups, List.copyOf(dropped), union(schema, missing));
  }

  /** Parquet types a contract column accepts: its own, a narrower integer, any number for a double, an up-cast for nested. */
  static boolean compatible(DataType fileType, ColumnSpec spec) {
    DataType want = spec.dataType();
    if (!spec.isScalar()) {
      return Cast.canUpCast(fileType, want);
    }
    if (want.equals(DataTypes.IntegerType) || want.equals(DataTypes.LongType)) {
      return fileType.equals(DataTypes.ByteType) || fileType.equals(DataTypes.ShortType)
          || fileType.equals(DataTypes.IntegerType) || fileType.equals(DataTypes.LongType);
    }
    if (want.equals(DataTypes.DoubleType) || want.equals(DataTypes.FloatType)) {
      return fileType instanceof NumericType;
    }
    return fileType.equals(want);
  }

  private static void requireColumns(TableSchema schema, Set<String> present, String fileName) {
    for (ColumnSpec c : schema.requiredColumns()) {
      if (!present.contains(c.name())) {
        throw new GaitException("input file " + fileName + " of table " + schema.name() + " lacks required column " + c.name());
      }
    }
  }

  private static String firstLineOf(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    // Parquet names the full path in its messages; keep the file name only.
    return line.replaceAll("(file|hdfs|s3a?):[^ ]*/", "");
  }
}
