package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.report.ReportStage;
import org.gaitoutcomes.report.ReportSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gait-outcomes report}: the HTML report from a results folder. Needs no Spark. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML report (plus figures/ and exports/ beside it) from a results folder. "
        + "The report's folder is replaced atomically, like every other output: no stale exports of an older report remain.")
public final class ReportCommand implements Callable<Integer> {
  /** What a report folder holds besides the HTML file (and the commit marker). */
  static final Set<String> REPORT_ENTRIES = Set.of("figures", "exports", "run.json", StagedOutput.MARKER);

  @Option(names = "--results", required = true, paramLabel = "DIR",
      description = "Results folder holding estimates/balance/diagnostics/subgroups/attrition/curves/effect_modifiers as NAME.json "
          + "(any may be absent), written by a finished compare or run (its " + StagedOutput.MARKER + " marker is required).")
  String results;

  @Option(names = "--output", required = true, paramLabel = "DIR/FILE.html",
      description = "The HTML file to write; figures/, exports/ and run.json go into its folder, which is the report's own: it is "
          + "replaced as a whole, so it must be new, empty or an earlier report.")
  String output;

  @Mixin
  SettingsOption specFile;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "The run manifest. Default: run.json inside the results folder or one level up.")
  String manifest;

  @Option(names = {"-v", "--verbose"}, description = "Full stack traces on errors. Default: ${DEFAULT-VALUE}.")
  boolean verbose;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Logging.configure(verbose);
    if (!output.endsWith(".html")) {
      throw new ParameterException(spec.commandLine(), "--output must name an .html file, got " + output);
    }
    Path html = new Path(output);
    Path parent = html.getParent();
    if (parent == null || parent.toString().isEmpty() || parent.toString().equals(".")) {
      throw new PathUsageException("--output " + html.getName() + " names no folder: the report's folder is "
          + "replaced as a whole, so give the report a folder of its own, e.g. report/" + html.getName());
    }
    String folder = parent.toString();
    Configuration conf = new Configuration();
    IoChecks.requireSeparate(conf, IoChecks.paths("--output", folder),
        IoChecks.paths("--results", results, "--manifest", manifest, "--spec", specFile.file));
    IoChecks.requireCommitted(conf, "--results", results);
    if (manifest != null) {
      IoChecks.requireCommitted(conf, "--manifest", manifest);
    }
    requireReportFolder(conf, parent, html.getName());
    Config cfg = specFile.load(conf, Map.of());
    ReportSummary s;
    try (StagedOutput out = StagedOutput.begin(conf, folder)) {
      s = ReportStage.run(null, cfg, results, manifest, out.path(html.getName()));
      out.commit();
    }
    System.out.println("wrote " + output + " (" + s.figures() + " figures, " + s.exportFiles() + " export files; "
        + s.smallCells() + " small and " + s.complementaryCells() + " complementary cells suppressed"
        + (s.missingTables().isEmpty() ? "" : "; absent: " + String.join(", ", s.missingTables())) + ")");
    return 0;
  }

  /**
   * Refuses (usage error) to replace an existing folder that holds anything a report does not write:
   * the folder is replaced as a whole, and it may be someone's documents folder.
   */
  private void requireReportFolder(Configuration conf, Path folder, String htmlName) {
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (!fs.exists(folder)) {
        return;
      }
      if (fs.getFileStatus(folder).isFile()) {
        throw new PathUsageException("--output folder " + folder.getName() + " is a file, not a folder");
      }
      // Not "has a marker": a run's whole output folder has one too, and must not be replaced by a report.
      long foreign = 0;
      for (FileStatus f : fs.listStatus(folder)) {
        String n = f.getPath().getName();
        if (!n.equals(htmlName) && !n.endsWith(".html") && !REPORT_ENTRIES.contains(n) && !n.startsWith(".")) {
          foreign++;
        }
      }
      if (foreign > 0) {
        throw new PathUsageException("--output folder " + folder.getName() + " holds " + foreign
            + (foreign == 1 ? " entry" : " entries") + " that a report does not write: the report's folder is replaced as a whole, "
            + "so give the report a new or empty folder");
      }
    } catch (IOException e) {
      throw new GaitException("cannot read --output folder " + folder.getName() + ": " + e.getMessage(), e);
    }
  }
}
