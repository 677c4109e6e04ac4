package org.gaitoutcomes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.apache.hadoop.fs.FileSystem;
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
 * ResourceManager and a NodeManager in the test JVM, on a {@link MiniDfs} as default file system), in client and
 * in cluster deploy mode, with the cluster's configuration folder as {@code HADOOP_CONF_DIR}/{@code YARN_CONF_DIR}
 * as on a YARN client host. {@code cluster-check} runs in both modes; the study command runs in both modes, with
 * input, spec and output on HDFS, and its output equals a local-file run's. For each submit the ResourceManager
 * reports the application FINISHED and SUCCEEDED, and the run manifest says the master was {@code yarn}.
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
  private static String input;
  private static String spec;

  @BeforeAll
  static void startYarn() throws IOException, InterruptedException {
    dir = Files.createDirectories(ClusterRuns.scratch().resolve("yarn"));
    ClusterRuns.startReferenceInBackground();
    long start = System.nanoTime();
    dfs = MiniDfs.start(dir.resolve("dfs"));
    yarn = MiniYarn.start(dfs, dir.resolve("hadoop-conf"), Duration.ofSeconds(60));
    System.out.println("cluster test: HDFS and YARN up in " + (System.nanoTime() - start) / 1_000_000 / 1000.0 + " s, ResourceManager at "
        + yarn.resourceManager());
    input = dfs.uri() + "/studies/input/" + ClusterTestCommand.INPUT;
    spec = dfs.uri() + "/studies/light-study.conf";
    FileSystem fs = dfs.fs();
    fs.copyFromLocalFile(false, true, hadoopPath(RepoPaths.root().resolve(ClusterTestCommand.INPUT)), new org.apache.hadoop.fs.Path(input));
    fs.copyFromLocalFile(false, true, hadoopPath(RepoPaths.root().resolve(ClusterTestCommand.SPEC)), new org.apache.hadoop.fs.Path(spec));
  }

  @AfterAll
  static void stopYarn() {
    try {
      if (yarn != null) {
        yarn.close();
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
    clusterCheck("client");
  }

  @Test
  @Order(2)
  void clusterCheckInClusterMode() throws IOException, InterruptedException {
    clusterCheck("cluster");
  }

  @Test
  @Order(3)
  void runInClusterModeEqualsTheLocalRun() throws IOException, InterruptedException {
    study("cluster");
  }

  @Test
  @Order(4)
  void runInClientModeEqualsTheLocalRun() throws IOException, InterruptedException {
    study("client");
  }

  private static void clusterCheck(String deployMode) throws IOException, InterruptedException {
    String name = "yarn-" + deployMode + "-check";
    String output = dfs.uri() + "/checks/" + deployMode;
    Set<ApplicationId> before = yarn.applicationIds();
    SparkSubmitRun.Result r = submit(name, deployMode, List.of("cluster-check", "--output", output));
    Path local = finished(name, r, yarn.newApplication(before), output);
    JsonNode summary = new ObjectMapper().readTree(local.resolve("summary.json").toFile());
    assertEquals(200_000, summary.path("rows").asLong(), "rows in " + output);
    assertEquals(ClusterCheck.GROUPS, summary.path("groups").asInt(), "groups in " + output);
    assertEquals(3L * ClusterCheck.GROUPS, summary.path("top_rows").asLong(), "top rows in " + output);
    assertEquals(CHECK_DIGIT_SUM, summary.path("digit_sum_total").asLong(), "digit sums in " + output);
  }

  private static void study(String deployMode) throws IOException, InterruptedException {
    ClusterRuns.referenceOutput();
    String name = "yarn-" + deployMode + "-run";
    String output = dfs.uri() + "/studies/results/" + deployMode;
    Set<ApplicationId> before = yarn.applicationIds();
    SparkSubmitRun.Result r = submit(name, deployMode, ClusterTestCommand.forUris(input, spec, output));
    Path local = finished(name, r, yarn.newApplication(before), output);
    ClusterRuns.assertSameAsReference(local);
  }

  /**
   * Submits to YARN: the application master and one executor kept small (512 MB, and the driver 1 GB in cluster
   * mode, where it runs inside the application master), every container told to use loopback.
   */
  private static SparkSubmitRun.Result submit(String name, String deployMode, List<String> command) throws IOException, InterruptedException {
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
