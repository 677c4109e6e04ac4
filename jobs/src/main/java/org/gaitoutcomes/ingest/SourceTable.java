package org.gaitoutcomes.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;
import org.gaitoutcomes.schema.TableSchema;

/**
 * Where one input table is: the file {@code <input>/<table>.csv|.jsonl|.parquet} or the folder
 * {@code <input>/<table>/} of part files of one format. Located through Hadoop paths only.
 *
 * @param table the contract name
 * @param uri the file or folder (never written to outputs or logs: it may name the data provider)
 * @param format the format of every file, or null for a folder without data files
 * @param files the data files, sorted; empty text files are left out (they hold no rows)
 */
public record SourceTable(String table, String uri, SourceFormat format, List<String> files) {
  public SourceTable {
    files = List.copyOf(files);
  }

  /** The table in {@code inputUri}, or empty when it is absent; fails when it is ambiguous or of a wrong format. */
  public static Optional<SourceTable> locate(Configuration conf, String inputUri, TableSchema schema) {
    String base = inputUri.endsWith("/") ? inputUri.substring(0, inputUri.length() - 1) : inputUri;
    String table = schema.name();
    List<String> found = new ArrayList<>();
    for (SourceFormat f : SourceFormat.values()) {
      String candidate = base + "/" + table + "." + f.contractName();
      if (HadoopFiles.exists(conf, candidate)) {
        found.add(candidate);
      }
    }
    String folder = base + "/" + table;
    if (HadoopFiles.exists(conf, folder)) {
      found.add(folder);
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.size() > 1) {
      throw new GaitException("table " + table + " is given more than once ("
          + found.stream().map(HadoopFiles::fileName).collect(Collectors.joining(", ")) + "); keep exactly one");
    }
    String uri = found.get(0);
    List<String> files = new ArrayList<>();
    SourceFormat format = null;
    for (FileStatus status : HadoopFiles.listDataFiles(conf, uri)) {
      String name = status.getPath().getName();
      SourceFormat f = SourceFormat.ofFileName(name).orElseThrow(() -> new GaitException(
          "input file " + name + " of table " + table + " has an unknown extension (expected .csv, .jsonl, .json or .parquet)"));
      if (format != null && f != format) {
        throw new GaitException("table " + table + " mixes " + format.contractName() + " and " + f.contractName()
            + " files (" + name + "); use one format per table");
      }
      format = f;
      if (f != SourceFormat.PARQUET && status.getLen() == 0) {
        continue;
      }
      files.add(status.getPath().toString());
    }
    if (format != null && !schema.formats().contains(format.contractName())) {
      throw new GaitException("table " + table + " cannot be read from " + format.contractName() + " ("
          + HadoopFiles.fileName(uri) + "); its contract allows " + String.join(", ", schema.formats()));
    }
    return Optional.of(new SourceTable(table, uri, format, files));
  }

  /** The file or folder name, for messages (no full path). */
  public String displayName() {
    return HadoopFiles.fileName(uri);
  }
}
