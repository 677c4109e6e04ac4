package org.gaitoutcomes.cli;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.gaitoutcomes.report.ReportStage;
import org.gaitoutcomes.report.ReportSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gait-outcomes report}: the HTML report from a results folder. Needs no Spark. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML report (plus figures/ and exports/ beside it) from a results folder.")
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--results", required = true, paramLabel = "DIR",
      description = "Results folder holding estimates/balance/diagnostics/subgroups/attrition/curves/effect_modifiers as NAME.json (any may be absent).")
  String results;

  @Option(names = "--output", required = true, paramLabel = "FILE.html",
      description = "The HTML file to write; figures/, exports/ and run.json go into its folder.")
  String output;

  @Mixin
  SettingsOption specFile;

  @Option(names = "--manifest", paramLabel = "FILE",
      description = "The run manifest. Default: run.json inside the results folder or one level up.")
  String manifest;

  @Option(names = {"-v", "--verbose"}, description = "Full stack traces on errors. Default: ${DEFAULT-VALUE}.")
  boolean verbose;

  @Override
  public Integer call() {
    Logging.configure(verbose);
    if (!output.endsWith(".html")) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--output must name an .html file, got " + output);
    }
    Config cfg = specFile.load(new Configuration(), Map.of());
    ReportSummary s = ReportStage.run(null, cfg, results, manifest, output);
    System.out.println("wrote " + s.htmlUri() + " (" + s.figures() + " figures, " + s.exportFiles() + " export files; "
        + s.smallCells() + " small and " + s.complementaryCells() + " complementary cells suppressed"
        + (s.missingTables().isEmpty() ? "" : "; absent: " + String.join(", ", s.missingTables())) + ")");
    return 0;
  }
}
