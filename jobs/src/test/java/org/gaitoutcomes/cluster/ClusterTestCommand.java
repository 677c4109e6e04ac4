package org.gaitoutcomes.cluster;

import java.nio.file.Path;
import java.util.List;
import org.gaitoutcomes.testing.RepoPaths;

/**
 * The one command line the cluster tests run (standalone cluster, local reference, local with task
 * failures). {@code {OUT}} becomes a fresh output folder URI for each run, {@code {REPO}} the
 * repository root. Once {@code run} exists, switch {@link #COMMAND} to the full pipeline:
 * {@code List.of("run", "--input", "{REPO}/data-samples", "--output", "{OUT}")}.
 */
final class ClusterTestCommand {
  /** What every cluster test submits, after {@code --class org.gaitoutcomes.cli.Main gait-outcomes.jar}. */
  static final List<String> COMMAND = List.of("cluster-check", "--output", "{OUT}", "--rows", "20000", "--partitions", "4");

  private ClusterTestCommand() {}

  /** {@link #COMMAND} with its placeholders filled in. */
  static List<String> forOutput(Path output) {
    String repo = RepoPaths.root().toUri().toString().replaceAll("/$", "");
    String out = output.toUri().toString().replaceAll("/$", "");
    return COMMAND.stream().map(a -> a.replace("{OUT}", out).replace("{REPO}", repo)).toList();
  }
}
