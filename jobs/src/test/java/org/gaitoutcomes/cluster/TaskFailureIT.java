package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Executors can fail: the cluster command on {@code local[2,4]} (up to 4 attempts per task) with
 * {@link FailFirstAttempts} failing the first attempt of every third shuffle-map task gives the
 * output of a clean {@code local[2]} run, and the driver saw every injected failure as a failed attempt.
 */
class TaskFailureIT {
  static final String MASTER = "local[2,4]";

  @Test
  void retriedTasksGiveTheCleanRunsOutput() throws IOException, InterruptedException {
    Path dir = Files.createDirectories(ClusterRuns.scratch().resolve("task-failures"));
    Path out = dir.resolve("out");
    Path failures = dir.resolve("injected");
    SparkSubmitRun.Result r = SparkSubmitRun.submit("task-failures", MASTER,
        Map.of("spark.plugins", FailFirstAttempts.class.getName(),
            FailFirstAttempts.EVERY, "3",
            FailFirstAttempts.RECORD_DIR, failures.toString()),
        List.of(testClasses()), ClusterTestCommand.forOutput(out), dir, ClusterRuns.SUBMIT_TIMEOUT);
    ClusterRuns.report("task-failures", r);
    assertEquals(0, r.exitCode(), "run with injected task failures failed: " + r.describe());
    long injected = count(failures, "injected-");
    long failed = count(failures, "failed-");
    assertTrue(injected >= 3, "expected at least 3 injected task failures, recorded " + injected + " in " + failures);
    // The driver saw each one as a failed task attempt (and the run still succeeded: Spark retried them).
    assertEquals(injected, failed, "task failures the driver saw, of " + injected + " injected");
    ClusterRuns.assertFinishedOn(out, MASTER);
    ClusterRuns.assertSameAsReference(out);
  }

  /** Where {@link FailFirstAttempts} was compiled: put on the submitting JVM's classpath (local mode runs executors there). */
  private static Path testClasses() {
    String dir = System.getProperty("gait.test.classes");
    return dir != null ? Path.of(dir) : Path.of("target/test-classes").toAbsolutePath();
  }

  private static long count(Path folder, String prefix) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    }
  }
}
