package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Submits the spark-submit jar to a real standalone cluster (master and worker on 127.0.0.1, started
 * from the Maven-resolved Spark jars) and checks the output equals a {@code local[2]} run's.
 */
class StandaloneClusterIT {
  private static Path dir;
  private static StandaloneCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException, InterruptedException {
    dir = Files.createDirectories(ClusterRuns.scratch().resolve("standalone"));
    ClusterRuns.startReferenceInBackground();
    long start = System.nanoTime();
    cluster = StandaloneCluster.start(dir, Duration.ofSeconds(120));
    System.out.println("cluster test: standalone master and worker up in " + (System.nanoTime() - start) / 1_000_000 / 1000.0 + " s");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      List<ProcessHandle> started = cluster.processTree();
      cluster.close();
      List<ProcessHandle> alive = started.stream().filter(ProcessHandle::isAlive).toList();
      assertEquals(List.of(), alive, "processes the test started are still running");
    }
  }

  @Test
  void clusterRunEqualsLocalRun() throws IOException, InterruptedException {
    // The reference ran while the cluster started; wait for it so the two runs never compete for CPU.
    ClusterRuns.referenceOutput();
    Path out = dir.resolve("out");
    SparkSubmitRun.Result r = SparkSubmitRun.submit("standalone", cluster.masterUrl(),
        Map.of("spark.executor.memory", "1g", "spark.cores.max", String.valueOf(StandaloneCluster.WORKER_CORES)),
        List.of(), ClusterTestCommand.forOutput(out), dir, ClusterRuns.SUBMIT_TIMEOUT);
    ClusterRuns.report("standalone", r);
    assertEquals(0, r.exitCode(), "submit to " + cluster.masterUrl() + " failed: " + r.describe() + "\n" + cluster.logs());
    ClusterRuns.assertFinishedOn(out, cluster.masterUrl());
    assertTrue(executorLogs() > 0, "no executor ran on the worker (no app-*/*/stderr under " + cluster.workDir() + ")");
    ClusterRuns.assertSameAsReference(out);
  }

  /** Executor folders the worker created ({@code <work-dir>/app-*}/{@code <executor id>}/stderr). */
  private static long executorLogs() throws IOException {
    try (Stream<Path> walk = Files.walk(cluster.workDir())) {
      return walk.filter(p -> p.getFileName().toString().equals("stderr"))
          .filter(p -> p.getParent().getParent().getFileName().toString().startsWith("app-"))
          .count();
    }
  }
}
