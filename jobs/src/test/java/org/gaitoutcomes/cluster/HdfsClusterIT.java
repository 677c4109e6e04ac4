package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.HdfsConstants;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pipeline on HDFS: a real NameNode and DataNode on loopback ({@link MiniDfs}), {@code data-samples}
 * and the study spec copied into it, the shaded jar submitted with {@code --input hdfs://...
 * --spec hdfs://... --output hdfs://...}. The output is committed on HDFS ({@code _COMMITTED}, no
 * staging folder left), equals a local-file run's, and survives a later run into the same output that
 * fails half-way (an HDFS quota runs out while it writes): the previous output stays in place,
 * unchanged and committed, and the failed run's staging folder is removed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsClusterIT {
  static final String MASTER = "local[2]";
  /** Files and folders the failing rerun may create (its staging folder, lease, a few tables) before the quota stops it. */
  static final int NEW_ENTRIES_ALLOWED = 40;

  private static Path dir;
  private static MiniDfs dfs;
  private static String input;
  private static String spec;
  private static String output;

  @BeforeAll
  static void startHdfs() throws IOException {
    dir = Files.createDirectories(ClusterRuns.scratch().resolve("hdfs"));
    ClusterRuns.startReferenceInBackground();
    long start = System.nanoTime();
    dfs = MiniDfs.start(dir.resolve("dfs"));
    System.out.println("cluster test: HDFS up in " + (System.nanoTime() - start) / 1_000_000 / 1000.0 + " s at " + dfs.uri());
    input = dfs.uri() + "/studies/input/" + ClusterTestCommand.INPUT;
    spec = dfs.uri() + "/studies/light-study.conf";
    output = dfs.uri() + "/studies/results/run-01";
    FileSystem fs = dfs.fs();
    fs.copyFromLocalFile(false, true, hadoopPath(RepoPaths.root().resolve(ClusterTestCommand.INPUT)), new org.apache.hadoop.fs.Path(input));
    fs.copyFromLocalFile(false, true, hadoopPath(RepoPaths.root().resolve(ClusterTestCommand.SPEC)), new org.apache.hadoop.fs.Path(spec));
  }

  @AfterAll
  static void stopHdfs() {
    if (dfs != null) {
      dfs.close();
    }
  }

  @Test
  @Order(1)
  void runOnHdfsCommitsAndEqualsTheLocalRun() throws IOException, InterruptedException {
    ClusterRuns.referenceOutput();
    SparkSubmitRun.Result r = SparkSubmitRun.submit("hdfs", MASTER, Map.of("spark.hadoop.dfs.replication", "1"), List.of(),
        ClusterTestCommand.forUris(input, spec, output), dir, ClusterRuns.SUBMIT_TIMEOUT);
    ClusterRuns.report("hdfs", r);
    assertEquals(0, r.exitCode(), "run on HDFS failed: " + r.describe());
    FileSystem fs = dfs.fs();
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(output, StagedOutput.MARKER)), "no " + StagedOutput.MARKER + " in " + output);
    assertEquals(List.of("run-01"), siblingsOfOutput(), "only the committed output is left beside it (no staging folder or lease)");
    Path local = dir.resolve("out-copy");
    fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(output), hadoopPath(local), true);
    ClusterRuns.assertFinishedOn(local, MASTER);
    ClusterRuns.assertSameAsReference(local);
  }

  @Test
  @Order(2)
  void aRunThatFailsHalfWayLeavesThePreviousOutputInPlace() throws IOException, InterruptedException {
    Map<String, String> before = dfs.fingerprint(output);
    assertTrue(before.containsKey("/" + StagedOutput.MARKER), "the first test's committed output is missing: " + before.keySet());
    // An HDFS namespace quota on the results folder lets the rerun create NEW_ENTRIES_ALLOWED more files and
    // folders: it stages part of its output, then every further create fails, and so does the run.
    org.apache.hadoop.fs.Path results = new org.apache.hadoop.fs.Path(output).getParent();
    DistributedFileSystem hdfs = (DistributedFileSystem) dfs.fs();
    ContentSummary used = hdfs.getContentSummary(results);
    hdfs.setQuota(results, used.getFileCount() + used.getDirectoryCount() + NEW_ENTRIES_ALLOWED, HdfsConstants.QUOTA_DONT_SET);
    SparkSubmitRun.Result r;
    try {
      r = SparkSubmitRun.submit("hdfs-failing", MASTER, Map.of("spark.hadoop.dfs.replication", "1"), List.of(),
          ClusterTestCommand.forUris(input, spec, output), dir, ClusterRuns.SUBMIT_TIMEOUT);
    } finally {
      hdfs.setQuota(results, HdfsConstants.QUOTA_RESET, HdfsConstants.QUOTA_DONT_SET);
    }
    ClusterRuns.report("hdfs-failing", r);
    assertNotEquals(0, r.exitCode(), "the run into a folder over its quota should have failed: " + r.describe());
    assertTrue(Files.readString(r.log()).contains("NSQuotaExceededException"), "the run did not fail on the quota: " + r.describe());
    assertEquals(before, dfs.fingerprint(output), "the previous output changed under a failed run");
    assertEquals(List.of("run-01"), siblingsOfOutput(), "the failed run left its staging folder or lease behind");
  }

  /** Names in the output's parent folder, sorted (hidden staging folders and leases included). */
  private static List<String> siblingsOfOutput() throws IOException {
    FileStatus[] all = dfs.fs().listStatus(new org.apache.hadoop.fs.Path(output).getParent());
    return Arrays.stream(all).map(s -> s.getPath().getName()).sorted().toList();
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path local) {
    return new org.apache.hadoop.fs.Path(local.toUri());
  }
}
