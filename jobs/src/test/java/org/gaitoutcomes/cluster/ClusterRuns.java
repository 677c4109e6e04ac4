package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.testing.RepoPaths;
import org.gaitoutcomes.testing.SparkTestSession;

/**
 * What the cluster tests share: their scratch folder ({@code jobs/target/cluster-it}), the one
 * {@code local[2]} reference run of {@link ClusterTestCommand#COMMAND} every other run is compared
 * with, and the checks applied to every run's output.
 */
final class ClusterRuns {
  /**
   * Longest a single spark-submit may take before the test fails: the full command takes about 70 s on a
   * quiet 2-core machine, and over 4 minutes on one shared with other builds (measured 230-310 s at load 12-15).
   */
  static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(8);
  static final String REFERENCE_MASTER = "local[2]";

  private static Path reference;
  private static boolean scratchEmptied;

  private ClusterRuns() {}

  /** Scratch folder of this test JVM's runs, emptied on first use. */
  static synchronized Path scratch() throws IOException {
    Path dir = RepoPaths.root().resolve("jobs/target/cluster-it");
    if (!scratchEmptied && Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    scratchEmptied = true;
    return Files.createDirectories(dir);
  }

  /** The output of {@link ClusterTestCommand#COMMAND} submitted to {@code local[2]}, run once per JVM. */
  static synchronized Path referenceOutput() throws IOException, InterruptedException {
    if (reference == null) {
      Path dir = scratch();
      Path out = dir.resolve("reference-out");
      SparkSubmitRun.Result r = SparkSubmitRun.submit("reference", REFERENCE_MASTER, Map.of(), List.of(),
          ClusterTestCommand.forOutput(out), dir, SUBMIT_TIMEOUT);
      assertEquals(0, r.exitCode(), "reference run on " + REFERENCE_MASTER + " failed: " + r.describe());
      report("reference", r);
      assertFinishedOn(out, REFERENCE_MASTER);
      reference = out;
    }
    return reference;
  }

  /** One line on the test output per run, so slow runs show up in CI logs. */
  static void report(String name, SparkSubmitRun.Result r) {
    System.out.println("cluster test: " + name + " run took " + r.took().toMillis() / 1000.0 + " s");
  }

  /**
   * Starts the reference run on a background thread (e.g. while a cluster starts). A later
   * {@link #referenceOutput} waits for it, or reruns it in the caller to report its failure.
   */
  static void startReferenceInBackground() {
    Thread t = new Thread(() -> {
      try {
        referenceOutput();
      } catch (Throwable e) {
        // Reported by the next referenceOutput() call, which runs it again in the test's own thread.
      }
    }, "cluster-test-reference-run");
    t.setDaemon(true);
    t.start();
  }

  /**
   * The run committed its output and ran on {@code master}: the run manifest ({@code run.json} at the
   * output's root) records the master the session got, so this also shows {@code SparkSessions} kept
   * the one spark-submit set.
   */
  static void assertFinishedOn(Path out, String master) {
    assertTrue(Files.isDirectory(out), "no output at " + out);
    try (Stream<Path> walk = Files.walk(out)) {
      // At the root for a command committing one folder; per stage folder for one committing several.
      // Which markers exist is then compared with the reference run like every other file.
      assertTrue(walk.anyMatch(p -> p.getFileName().toString().equals(StagedOutput.MARKER)),
          "no " + StagedOutput.MARKER + " marker in " + out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path manifest = out.resolve("run.json");
    assertTrue(Files.exists(manifest), "no run.json in " + out);
    try {
      JsonNode run = new ObjectMapper().readTree(manifest.toFile());
      assertEquals(master, run.path("spark").path("master").asText(), "master recorded in " + manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code actual} holds the same tables and result files as the reference output. */
  static void assertSameAsReference(Path actual) throws IOException, InterruptedException {
    Path expected = referenceOutput();
    List<String> differences = OutputComparison.compare(SparkTestSession.get(), expected, actual);
    assertEquals(List.of(), differences, "output " + actual + " differs from the " + REFERENCE_MASTER + " run's " + expected);
  }
}
