package org.gaitoutcomes.report;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;

/**
 * The report stage: reads the aggregate result tables and the run manifest, and writes one
 * self-contained HTML file plus {@code figures/} (SVG and PNG of every figure), {@code exports/}
 * (CSV and JSON of every table and of the data behind every figure) and the shared copy of
 * {@code run.json} ({@link SharedManifest}: counts as the report prints them, no stage summaries,
 * pseudonymous file names) beside it. The report folder is the only shareable output. Needs no Spark: the inputs are small aggregate files read on the driver. The HTML is
 * written last, so a report file that exists is complete.
 */
public final class ReportStage {
  /** Words that must never reach a shared output (the inputs are aggregates; this is a last guard). */
  static final List<String> IDENTIFIER_WORDS = List.of("patient_id", "patientid", "person_id", "subject_id");

  private ReportStage() {}

  /**
   * @param spark optional (null is fine): only its Hadoop configuration is used, for HDFS/S3 paths
   * @param runManifestUri {@code run.json}; null looks inside {@code resultsUri} and one level up
   */
  public static ReportSummary run(SparkSession spark, Config config, String resultsUri, String runManifestUri, String outputHtmlUri) {
    System.setProperty("java.awt.headless", "true");
    Configuration conf = spark != null ? spark.sparkContext().hadoopConfiguration() : new Configuration();
    ReportSettings settings = ReportSettings.from(config);
    ReportInputs inputs = ReportInputs.load(conf, resultsUri, runManifestUri);
    ReportDocument doc = new ReportBuilder(inputs, settings).build();
    ReportRenderer.Rendered rendered = ReportRenderer.render(doc);
    String html = rendered.html();

    Path htmlPath = new Path(outputHtmlUri);
    // A bare file name means the current folder.
    Path dir = htmlPath.getParent() == null || htmlPath.getParent().toString().isEmpty()
        ? new Path(".") : htmlPath.getParent();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Figure f : doc.figures()) {
      files.put(f.svgFile(), utf8(rendered.figures().get(f.id()).svgDocument()));
      files.put(f.pngFile(), rendered.figures().get(f.id()).png());
      putTable(files, f.data());
    }
    for (Table t : doc.tables()) {
      putTable(files, t);
    }
    if (doc.sharedManifest() != null) {
      // The shared copy (counts as the report prints them, pseudonymous file names); the exact one stays in the run output.
      String runJson = doc.sharedManifest().toPrettyString() + "\n";
      requireNoIdentifiers("run.json", runJson);
      files.put("run.json", utf8(runJson));
    }
    requireNoIdentifiers("report.html", html);
    files.put(htmlPath.getName(), utf8(html));
    writeAll(reportFileSystem(conf, outputHtmlUri), dir, files);
    int exportFiles = (int) files.keySet().stream().filter(k -> k.startsWith("exports/")).count();
    return new ReportSummary(outputHtmlUri, doc.figures().size(), exportFiles, inputs.missing(), doc.smallCells(), doc.complementaryCells());
  }

  private static void putTable(Map<String, byte[]> files, Table t) {
    String csv = Exports.csv(t);
    requireNoIdentifiers(t.id(), csv);
    files.put("exports/" + t.id() + ".csv", utf8(csv));
    files.put("exports/" + t.id() + ".json", utf8(Exports.json(t)));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A file system of its own (not the shared cached instance) that writes no {@code .crc} side
   * files: the report folder is handed to people and should hold only the report.
   */
  private static FileSystem reportFileSystem(Configuration conf, String uri) {
    Configuration own = new Configuration(conf);
    String scheme = new Path(uri).toUri().getScheme();
    own.setBoolean("fs." + (scheme == null ? "file" : scheme) + ".impl.disable.cache", true);
    FileSystem fs = HadoopFiles.fileSystem(own, uri);
    fs.setWriteChecksum(false);
    return fs;
  }

  /** Files written at once: each is small, and on HDFS a file's create and close cost a few hundred milliseconds whatever its size. */
  static final int CONCURRENT_WRITES = 8;

  /**
   * Writes every file, {@value #CONCURRENT_WRITES} at a time (the report's 80-odd files took 17-18 s one
   * after the other on HDFS, 2 s on a local disk); the first failure, in file order, is thrown after all
   * have ended.
   */
  private static void writeAll(FileSystem fs, Path dir, Map<String, byte[]> files) {
    List<java.util.function.Supplier<Void>> writes = new java.util.ArrayList<>();
    files.forEach((name, bytes) -> writes.add(() -> {
      write(fs, new Path(dir, name), bytes);
      return null;
    }));
    org.gaitoutcomes.spark.Concurrently.run("gait-report-write", CONCURRENT_WRITES, writes);
  }

  private static void write(FileSystem fs, Path path, byte[] bytes) {
    try (FSDataOutputStream out = fs.create(path, true)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new GaitException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  static void requireNoIdentifiers(String what, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String w : IDENTIFIER_WORDS) {
      if (lower.contains(w)) {
        throw new GaitException("report output " + what + " would contain '" + w + "': refusing to write patient identifiers");
      }
    }
  }
}
