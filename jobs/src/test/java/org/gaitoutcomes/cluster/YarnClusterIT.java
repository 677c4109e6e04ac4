package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.gaitoutcomes.spark.ClusterCheck;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shaded jar submitted with {@code spark-submit --master yarn} to a real YARN ({@link MiniYarn}: a
 * ResourceManager and a NodeManager in the test JVM, on a {@link MiniDfs} as default file system), with the
 * cluster's configuration folder as {@code HADOOP_CONF_DIR}/{@code YARN_CONF_DIR} as on a YARN client host. The two
 * YARN lines of docs/cluster.md are run as written there: {@code cluster-check} in client deploy mode, and the study
 * in cluster deploy mode (the driver inside the application master, the spec shipped with {@code --files}, input and
 * output on {@code hdfs:///}), whose output equals a local-file run's. For each the ResourceManager reports the
 * application FINISHED and SUCCEEDED and the run manifest says the master was {@code yarn}. A command that fails in
 * cluster mode makes the application FAILED, with our error in the driver's container log.
 *
 * <p>Not run, for the time budget (each YARN submit costs 20-30 s of application master and executor start on top
 * of the command, and the study about two minutes on this 2-core machine): the study in client mode (its driver is
 * the one every other cluster test runs, and its executors run the same code as {@code cluster-check}'s) and
 * {@code cluster-check} in cluster mode (the study covers the driver in the application master).
 *
 * <p>The containers run on the Spark jars of {@code target/spark-home/jars} in place ({@code spark.yarn.jars} with
 * {@code local:}, a path present on every node: here there is one node, this machine), which holds
 * {@code spark-yarn} as a YARN cluster's Spark distribution does; our jar is uploaded to the application's staging
 * folder on HDFS and localised by the NodeManager, as on any YARN cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {
  static final String MASTER = "yarn";
  /** The digit sums of the cluster check's rows 0..199999: five low digits cycling 0..9, and 100000 rows with a leading 1. */
  static final long CHECK_DIGIT_SUM = 5L * 45 * 20_000 + 100_000;

  private static Path dir;
  private static MiniDfs dfs;
  private static MiniYarn yarn;

  @BeforeAll
  static void startYarn() throws IOException, InterruptedException {
    dir = Files.createDirectories(ClusterRuns.scratch().resolve("yarn"));
    ClusterRuns.startReferenceInBackground();
    long start = System.nanoTime();
    dfs = MiniDfs.start(dir.resolve("dfs"));
    yarn = MiniYarn.start(dfs, dir.resolve("hadoop-conf"), Duration.ofSeconds(60));
    System.out.println("cluster test: HDFS and YARN up in " + (System.nanoTime() - start) / 1_000_000 / 1000.0 + " s, ResourceManager at "
        + yarn.resourceManager());
    dfs.fs().copyFromLocalFile(false, true, hadoopPath(RepoPaths.root().resolve(ClusterTestCommand.INPUT)),
        new org.apache.hadoop.fs.Path(dfs.uri() + "/studies/input/" + ClusterTestCommand.INPUT));
  }

  @AfterAll
  static void stopYarn() throws InterruptedException {
    try {
      if (yarn != null) {
        yarn.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!yarn.containerProcesses().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertEquals(List.of(), yarn.containerProcesses().stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(),
            "YARN container processes still running after the cluster stopped");
      }
    } finally {
      if (dfs != null) {
        dfs.close();
      }
    }
  }

  @Test
  @Order(1)
  void clusterCheckInClientMode() throws IOException, InterruptedException {
    // The line of docs/cluster.md's "Check a cluster first": the driver here, the executor in a YARN container.
    String name = "yarn-client-check";
    String output = "hdfs:///checks/client";
    Set<ApplicationId> before = yarn.applicationIds();
    SparkSubmitRun.Result r = submit(name, "client", Map.of(), List.of("cluster-check", "--output", output));
    Path local = finished(name, r, yarn.newApplication(before), dfs.uri() + "/checks/client");
    JsonNode summary = new ObjectMapper().readTree(local.resolve("summary.json").toFile());
    assertEquals(200_000, summary.path("rows").asLong(), "rows in " + output);
    assertEquals(ClusterCheck.GROUPS, summary.path("groups").asInt(), "groups in " + output);
    assertEquals(3L * ClusterCheck.GROUPS, summary.path("top_rows").asLong(), "top rows in " + output);
    assertEquals(CHECK_DIGIT_SUM, summary.path("digit_sum_total").asLong(), "digit sums in " + output);
  }

  @Test
  @Order(2)
  void runInClusterModeEqualsTheLocalRun() throws IOException, InterruptedException {
    // The line of docs/cluster.md's "YARN, cluster deploy mode": the driver in the application master, the spec
    // shipped with --files (spark.files) and named by its bare file name, input and output on the default HDFS.
    ClusterRuns.referenceOutput();
    String name = "yarn-cluster-run";
    Path specFile = RepoPaths.root().resolve(ClusterTestCommand.SPEC);
    List<String> command = ClusterTestCommand.forUris("hdfs:///studies/input/" + ClusterTestCommand.INPUT,
        specFile.getFileName().toString(), "hdfs:///studies/results/cluster");
    Set<ApplicationId> before = yarn.applicationIds();
    SparkSubmitRun.Result r = submit(name, "cluster", Map.of("spark.files", specFile.toString()), command);
    Path local = finished(name, r, yarn.newApplication(before), dfs.uri() + "/studies/results/cluster");
    ClusterRuns.assertSameAsReference(local);
  }

  @Test
  @Order(3)
  void aFailedCommandInClusterModeFailsTheApplication() throws IOException, InterruptedException {
    // docs/cluster.md: in cluster mode a failed command makes the application FAILED, and spark-submit fails too.
    String name = "yarn-cluster-usage-error";
    Set<ApplicationId> before = yarn.applicationIds();
    SparkSubmitRun.Result r = submit(name, "cluster", Map.of(), List.of("cluster-check", "--output", "hdfs:///checks/bad", "--rows", "0"));
    ApplicationReport app = yarn.awaitEnd(yarn.newApplication(before).getApplicationId(), Duration.ofSeconds(30));
    String logs = "\nYARN application " + app.getApplicationId() + " " + app.getYarnApplicationState() + "/"
        + app.getFinalApplicationStatus() + ": " + app.getDiagnostics() + "\n" + yarn.containerLogs(app, 30);
    assertNotEquals(0, r.exitCode(), name + " should have failed: " + r.describe() + logs);
    assertEquals(FinalApplicationStatus.FAILED, app.getFinalApplicationStatus(), name + logs);
    assertTrue(app.getDiagnostics().contains("gait-outcomes ended with exit code 2 (usage error)"), name + logs);
    assertTrue(yarn.containerLogs(app, 30).contains("gait-outcomes: usage error: --rows must be at least 1, got 0"),
        "the driver's one-line error is in its container log" + logs);
  }

  /**
   * Submits to YARN: the application master and one executor kept small (512 MB, and the driver 1 GB in cluster
   * mode, where it runs inside the application master), every container told to use loopback.
   */
  private static SparkSubmitRun.Result submit(String name, String deployMode, Map<String, String> extraConf, List<String> command)
      throws IOException, InterruptedException {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.yarn.jars", "local:" + SparkProcesses.sparkHome().resolve("jars") + "/*");
    conf.put("spark.yarn.am.memory", "512m");
    conf.put("spark.driver.memory", "1g");
    conf.put("spark.executor.instances", "1");
    conf.put("spark.executor.memory", "1g");
    conf.put("spark.executor.cores", "2");
    conf.put("spark.yarn.appMasterEnv.SPARK_LOCAL_IP", "127.0.0.1");
    conf.put("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    conf.put("spark.yarn.submit.waitAppCompletion", "true");
    conf.put("spark.hadoop.dfs.replication", "1");
    conf.putAll(extraConf);
    // spark-submit's launcher script puts HADOOP_CONF_DIR and YARN_CONF_DIR on the submitting JVM's classpath;
    // SparkSubmit is started here as a plain JVM, so the folder is added as the script would.
    SparkSubmitRun.Result r = SparkSubmitRun.submit(name, MASTER, deployMode, conf, List.of(yarn.confDir()), yarn.submitEnv(),
        command, dir, ClusterRuns.SUBMIT_TIMEOUT);
    ClusterRuns.report(name, r);
    return r;
  }

  /**
   * The submit succeeded, YARN ran it to FINISHED/SUCCEEDED, and the output on HDFS is committed and says it ran on
   * YARN; returns a local copy of it.
   */
  private static Path finished(String name, SparkSubmitRun.Result r, ApplicationReport submitted, String output)
      throws IOException, InterruptedException {
    ApplicationReport app = yarn.awaitEnd(submitted.getApplicationId(), Duration.ofSeconds(30));
    String logs = "\nYARN application " + app.getApplicationId() + " " + app.getYarnApplicationState() + "/"
        + app.getFinalApplicationStatus() + ": " + app.getDiagnostics() + "\n" + yarn.containerLogs(app, 30);
    assertEquals(0, r.exitCode(), name + " failed: " + r.describe() + logs);
    assertEquals(YarnApplicationState.FINISHED, app.getYarnApplicationState(), name + logs);
    assertEquals(FinalApplicationStatus.SUCCEEDED, app.getFinalApplicationStatus(), name + logs);
    Path local = dir.resolve(name + "-out");
    dfs.fs().copyToLocalFile(false, new org.apache.hadoop.fs.Path(output), hadoopPath(local), true);
    ClusterRuns.assertFinishedOn(local, MASTER);
    return local;
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path local) {
    return new org.apache.hadoop.fs.Path(local.toUri());
  }
}
