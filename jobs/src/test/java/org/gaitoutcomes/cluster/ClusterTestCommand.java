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

  /** The input folder and the spec of {@link #COMMAND}, relative to the repository root. */
  static final String INPUT = "data-samples";
  static final String SPEC = "jobs/src/test/resources/cluster/light-study.conf";

  private ClusterTestCommand() {}

  /** {@link #COMMAND} with its placeholders filled in. */
  static List<String> forOutput(Path output) {
    String repo = RepoPaths.root().toUri().toString().replaceAll("/$", "");
    return forUris(repo + "/" + INPUT, repo + "/" + SPEC, output.toUri().toString().replaceAll("/$", ""));
  }

  /** {@link #COMMAND} reading its input folder and spec from, and writing to, any Hadoop URIs (HDFS, S3). */
  static List<String> forUris(String input, String spec, String output) {
    return COMMAND.stream()
        .map(a -> a.replace("{REPO}/" + INPUT, input).replace("{REPO}/" + SPEC, spec).replace("{OUT}", output))
        .toList();
  }
}
