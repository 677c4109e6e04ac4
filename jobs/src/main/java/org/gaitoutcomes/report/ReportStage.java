package org.gaitoutcomes.report;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.HadoopFiles;

/**
 * The report stage: reads the aggregate result tables and the run manifest, and writes one
 * self-contained HTML file plus {@code figures/} (SVG and PNG of every figure), {@code exports/}
 * (CSV and JSON of every table and of the data behind every figure) and a copy of {@code run.json}
 * beside it. Needs no Spark: the inputs are small aggregate files read on the driver. The HTML is
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
    String html = ReportRenderer.render(doc);

    Path parent = new Path(outputHtmlUri).getParent();
    String dir = parent == null ? "." : parent.toString();
    int exportFiles = 0;
    for (Figure f : doc.figures()) {
      HadoopFiles.writeString(conf, dir + "/" + f.svgFile(), f.svgDocument());
      HadoopFiles.writeBytes(conf, dir + "/" + f.pngFile(), f.png());
      exportFiles += writeTable(conf, dir, f.data());
    }
    for (Table t : doc.tables()) {
      exportFiles += writeTable(conf, dir, t);
    }
    if (inputs.manifest() != null) {
      HadoopFiles.writeString(conf, dir + "/run.json", inputs.manifest().toPrettyString() + "\n");
    }
    requireNoIdentifiers("report.html", html);
    HadoopFiles.writeString(conf, outputHtmlUri, html);
    return new ReportSummary(outputHtmlUri, doc.figures().size(), exportFiles, inputs.missing(), doc.smallCells(), doc.complementaryCells());
  }

  private static int writeTable(Configuration conf, String dir, Table t) {
    String csv = Exports.csv(t);
    String json = Exports.json(t);
    requireNoIdentifiers(t.id(), csv);
    HadoopFiles.writeString(conf, dir + "/exports/" + t.id() + ".csv", csv);
    HadoopFiles.writeString(conf, dir + "/exports/" + t.id() + ".json", json);
    return 2;
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
