package org.gaitoutcomes.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.YarnException;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real YARN on loopback inside the test JVM: one ResourceManager and one NodeManager
 * ({@link MiniYARNCluster}, from {@code hadoop-client-minicluster} at Spark's Hadoop version) whose default file
 * system is a {@link MiniDfs}. The NodeManager launches real containers (the Spark application master, the
 * driver in cluster deploy mode, executors) as child processes with {@code bash launch_container.sh}. Its
 * client configuration ({@code core-site.xml}, {@code hdfs-site.xml}, {@code yarn-site.xml}) is written to
 * {@link #confDir()}, which stands for a cluster's {@code HADOOP_CONF_DIR}. Started once per test class.
 *
 * <p>Set up as Spark's own {@code BaseYarnClusterSuite} does: the capacity scheduler's default queue given in
 * the configuration (the minicluster jar has no {@code capacity-scheduler.xml}), no memory checks on
 * containers, no disk-utilisation check (a nearly full disk would mark the node unhealthy), and a small
 * minimum allocation so an application master of 512 MB and one executor of 1 GB fit in the node's 4 GB.
 * Its folders, container logs included, stay for inspection in {@code jobs/target/test/data/}{@value #NAME}
 * (where the minicluster puts them, relative to the working folder).
 */
final class MiniYarn implements AutoCloseable {
  static final String NAME = "cluster-it-yarn";
  /** Memory and cores the one NodeManager offers. */
  static final int NODE_MB = 4096;
  static final int NODE_VCORES = 4;

  private static final Set<YarnApplicationState> ENDED =
      EnumSet.of(YarnApplicationState.FINISHED, YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private final MiniYARNCluster cluster;
  private final Path confDir;
  private final YarnClient client;

  private MiniYarn(MiniYARNCluster cluster, Path confDir, YarnClient client) {
    this.cluster = cluster;
    this.confDir = confDir;
    this.client = client;
  }

  /** Starts the ResourceManager and NodeManager on {@code dfs}, waits until the node has registered, writes {@code confDir}. */
  static MiniYarn start(MiniDfs dfs, Path confDir, Duration timeout) throws IOException, InterruptedException {
    // The minicluster binds every service to this host's name: it must be a loopback address here.
    InetAddress local = InetAddress.getLocalHost();
    if (!local.isLoopbackAddress()) {
      throw new IllegalStateException("this host's name " + local.getHostName() + " resolves to " + local.getHostAddress()
          + ", not a loopback address: MiniYARNCluster would listen there (add it to /etc/hosts as 127.0.0.1)");
    }
    YarnConfiguration conf = new YarnConfiguration();
    conf.set("fs.defaultFS", dfs.uri());
    conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
    conf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
    conf.setInt("yarn.scheduler.maximum-allocation-mb", 2048);
    conf.setInt("yarn.nodemanager.resource.memory-mb", NODE_MB);
    conf.setInt("yarn.nodemanager.resource.cpu-vcores", NODE_VCORES);
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    conf.setBoolean("yarn.nodemanager.pmem-check-enabled", false);
    conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
    // A cluster's nodes have JAVA_HOME set; the test JVM's environment may not, so the node manager gives
    // every container this JVM's Java (Spark starts containers with {{JAVA_HOME}}/bin/java).
    conf.set("yarn.nodemanager.admin-env", "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX,JAVA_HOME=" + System.getProperty("java.home"));
    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
    conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
    conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
    conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
    conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
    // Applications finish before the test asks for their reports: keep them in the ResourceManager.
    conf.setInt("yarn.resourcemanager.max-completed-applications", 100);

    MiniYARNCluster cluster = new MiniYARNCluster(NAME, 1, 1, 1);
    YarnClient client = null;
    try {
      cluster.init(conf);
      cluster.start();
      awaitAddress(cluster, timeout);
      if (!cluster.waitForNodeManagersToConnect(timeout.toMillis())) {
        throw new IllegalStateException("the NodeManager did not register with the ResourceManager within " + timeout);
      }
      writeConf(cluster.getConfig(), dfs, confDir);
      client = YarnClient.createYarnClient();
      client.init(new YarnConfiguration(cluster.getConfig()));
      client.start();
      return new MiniYarn(cluster, confDir, client);
    } catch (YarnException | RuntimeException e) {
      if (client != null) {
        client.stop();
      }
      cluster.stop();
      throw new IllegalStateException("MiniYARNCluster did not start: " + e.getMessage(), e);
    }
  }

  /** The folder holding this cluster's client configuration: HADOOP_CONF_DIR and YARN_CONF_DIR for spark-submit. */
  Path confDir() {
    return confDir;
  }

  /** {@code host:port} of the ResourceManager's client service. */
  String resourceManager() {
    return cluster.getConfig().get(YarnConfiguration.RM_ADDRESS);
  }

  /** spark-submit's environment for this cluster, as a user's shell on a YARN client host has it. */
  Map<String, String> submitEnv() {
    return Map.of("HADOOP_CONF_DIR", confDir.toString(), "YARN_CONF_DIR", confDir.toString());
  }

  /** Every application the ResourceManager knows, by id. */
  Set<ApplicationId> applicationIds() throws IOException {
    try {
      return client.getApplications().stream().map(ApplicationReport::getApplicationId).collect(Collectors.toSet());
    } catch (YarnException e) {
      throw new IOException(e);
    }
  }

  /**
   * The ResourceManager's report of the one application not in {@code before}: the one a submit made. (Found by id,
   * not by name: in client mode the driver names the application itself, after spark-submit's name.)
   */
  ApplicationReport newApplication(Set<ApplicationId> before) throws IOException {
    try {
      List<ApplicationReport> added = client.getApplications().stream().filter(a -> !before.contains(a.getApplicationId())).toList();
      if (added.size() != 1) {
        throw new AssertionError("expected one new YARN application, the ResourceManager has "
            + client.getApplications().stream().map(a -> a.getName() + " " + a.getApplicationId()).toList() + " besides " + before);
      }
      return added.get(0);
    } catch (YarnException e) {
      throw new IOException(e);
    }
  }

  /**
   * The report of {@code id} once YARN has recorded how it ended (FINISHED, FAILED or KILLED), or as it stands after
   * {@code timeout}: in client mode spark-submit may exit while the application master is still unregistering.
   */
  ApplicationReport awaitEnd(ApplicationId id, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      ApplicationReport r = client.getApplicationReport(id);
      while (!ENDED.contains(r.getYarnApplicationState()) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        r = client.getApplicationReport(id);
      }
      return r;
    } catch (YarnException e) {
      throw new IOException(e);
    }
  }

  /** The last {@code lines} lines of every container's stderr of {@code report}'s application, for failure messages. */
  String containerLogs(ApplicationReport report, int lines) {
    String app = report.getApplicationId().toString();
    Path root = cluster.getTestWorkDir().toPath().toAbsolutePath();
    StringBuilder out = new StringBuilder();
    for (Path f : stderrFiles(root, app)) {
      out.append("--- ").append(f).append('\n').append(SparkProcesses.tail(f, lines)).append('\n');
    }
    if (out.isEmpty()) {
      out.append("(no container logs of ").append(app).append(" under ").append(root).append(')');
    }
    return out.toString();
  }

  /**
   * The containers' stderr files of one application, sorted. The NodeManager deletes container files (such as
   * {@code .launch_container.sh.crc}) while the walk runs, so a file that vanishes is skipped rather than failing it.
   */
  private static List<Path> stderrFiles(Path root, String app) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (file.getFileName().toString().equals("stderr") && file.toString().contains(app)) {
            found.add(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path folder, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("walking " + root, e);
    }
    found.sort(null);
    return found;
  }

  /**
   * The processes of this JVM's descendants that belong to a container of this cluster (their command lines name
   * its folders): none should be left once the cluster is stopped, which kills running containers.
   */
  List<ProcessHandle> containerProcesses() {
    String root = cluster.getTestWorkDir().getAbsolutePath();
    return ProcessHandle.current().descendants()
        .filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(root)).orElse(false))
        .toList();
  }

  @Override
  public void close() {
    client.stop();
    cluster.stop();
  }

  /** The ResourceManager may publish its port in the configuration only after start() returned (BaseYarnClusterSuite). */
  private static void awaitAddress(MiniYARNCluster cluster, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (cluster.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the ResourceManager published no address within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  /** A client's configuration files: the default file system, HDFS replication, and the cluster's YARN settings. */
  private static void writeConf(Configuration yarn, MiniDfs dfs, Path dir) throws IOException {
    Files.createDirectories(dir);
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", dfs.uri());
    Configuration hdfs = new Configuration(false);
    hdfs.setInt("dfs.replication", 1);
    Configuration site = new Configuration(false);
    List<String> prefixes = new ArrayList<>(List.of("yarn."));
    for (Map.Entry<String, String> e : yarn) {
      if (prefixes.stream().anyMatch(e.getKey()::startsWith)) {
        site.set(e.getKey(), yarn.get(e.getKey()));
      }
    }
    write(core, dir.resolve("core-site.xml"));
    write(hdfs, dir.resolve("hdfs-site.xml"));
    write(site, dir.resolve("yarn-site.xml"));
  }

  private static void write(Configuration conf, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      conf.writeXml(out);
    }
  }
}
