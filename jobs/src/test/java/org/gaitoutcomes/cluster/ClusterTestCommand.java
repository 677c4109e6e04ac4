package org.gaitoutcomes.cluster;

import java.nio.file.Path;
import java.util.List;
import org.gaitoutcomes.testing.RepoPaths;

/**
 * The one command line the cluster tests run (standalone cluster, local reference, local with task
 * failures). {@code {OUT}} becomes a fresh output folder URI for each run, {@code {REPO}} the
 * repository root. It is the full pipeline on {@code data-samples/} with a lighter study spec
 * ({@code src/test/resources/cluster/light-study.conf}: fewer methods and bootstrap replicates).
 */
final class ClusterTestCommand {
  /** What every cluster test submits, after {@code --class org.gaitoutcomes.cli.Main gait-outcomes.jar}. */
  static final List<String> COMMAND = List.of("run", "--input", "{REPO}/data-samples", "--output", "{OUT}",
      "--spec", "{REPO}/jobs/src/test/resources/cluster/light-study.conf");

  private ClusterTestCommand() {}

  /** {@link #COMMAND} with its placeholders filled in. */
  static List<String> forOutput(Path output) {
    String repo = RepoPaths.root().toUri().toString().replaceAll("/$", "");
    String out = output.toUri().toString().replaceAll("/$", "");
    return COMMAND.stream().map(a -> a.replace("{OUT}", out).replace("{REPO}", repo)).toList();
  }
}
