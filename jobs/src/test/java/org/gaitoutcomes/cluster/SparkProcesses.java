package org.gaitoutcomes.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gaitoutcomes.testing.RepoPaths;

/**
 * Starts JVMs on the Spark jars of {@code jobs/target/spark-home} (master, worker, SparkSubmit), and the
 * S3 server's JVM on its own jar, and
 * stops exactly those: every process is kept by its handle, stopped by {@link #stop} (its own
 * descendants, e.g. a worker's executors, included), and a JVM shutdown hook stops whatever is still
 * running if the test JVM exits early. Never stops anything by name.
 */
final class SparkProcesses {
  private static final Set<Process> RUNNING = new LinkedHashSet<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SparkProcesses::stopAll, "stop-spark-test-processes"));
  }

  private SparkProcesses() {}

  /** The folder standing in for SPARK_HOME (its {@code jars/} are the Maven-resolved Spark jars). */
  static Path sparkHome() {
    String home = System.getProperty("gait.spark.home");
    return home != null ? Path.of(home) : RepoPaths.root().resolve("jobs/target/spark-home");
  }

  /** The shaded spark-submit jar. */
  static Path jar() {
    String jar = System.getProperty("gait.jar");
    return jar != null ? Path.of(jar) : RepoPaths.root().resolve("jobs/target/gait-outcomes.jar");
  }

  /** A free TCP port on 127.0.0.1 (the OS picks an ephemeral one). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code java <opens> -cp <extraClasspath>:<spark jars> mainClass args}, output to {@code log}.
   * The module flags are the ones this test JVM got from the build ({@code spark.jvm.opens} in pom.xml).
   */
  static synchronized Process start(String mainClass, List<String> args, List<Path> extraClasspath, String heap, Path log,
      Map<String, String> env) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(moduleFlags());
    cmd.add("-Dlog4j2.configurationFile=" + RepoPaths.root().resolve("bin/log4j2.properties"));
    List<String> cp = new ArrayList<>();
    extraClasspath.forEach(p -> cp.add(p.toString()));
    cp.add(sparkHome().resolve("jars").toString() + "/*");
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, cp));
    cmd.add(mainClass);
    cmd.addAll(args);
    Map<String, String> sparkEnv = new java.util.HashMap<>();
    sparkEnv.put("SPARK_HOME", sparkHome().toString());
    sparkEnv.put("SPARK_SCALA_VERSION", "2.12");
    sparkEnv.put("SPARK_LOCAL_IP", "127.0.0.1");
    sparkEnv.putAll(env);
    return launch(cmd, mainClass, log, sparkEnv);
  }

  /**
   * Starts {@code java -Xmx<heap> -jar jar args}, output to {@code log}: a self-contained tool that must not
   * see the Spark jars (the S3 server of {@link S3Server}). Stopped like every other process here.
   */
  static synchronized Process startJar(Path jar, List<String> args, String heap, Path log) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(args);
    return launch(cmd, jar.getFileName().toString(), log, Map.of());
  }

  /** Starts {@code cmd} with this JVM's environment less any Spark or Hadoop configuration folder, plus {@code env}. */
  private static Process launch(List<String> cmd, String what, Path log, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SPARK_CONF_DIR");
    pb.environment().remove("HADOOP_CONF_DIR");
    pb.environment().remove("YARN_CONF_DIR");
    pb.environment().putAll(env);
    try {
      Files.writeString(log, "", StandardCharsets.UTF_8);
      Process p = pb.start();
      RUNNING.add(p);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + what, e);
    }
  }

  /** Stops {@code p} and the processes it started (a worker's executors): TERM, wait, then KILL what is left. */
  static synchronized void stop(Process p) {
    if (p == null) {
      return;
    }
    List<ProcessHandle> descendants = p.descendants().toList();
    p.destroy();
    try {
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle d : descendants) {
        if (d.isAlive()) {
          d.destroy();
          d.onExit().get(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    } finally {
      RUNNING.remove(p);
    }
  }

  /** Stops every process this class started that is still running. */
  static synchronized void stopAll() {
    for (Process p : List.copyOf(RUNNING)) {
      stop(p);
    }
  }

  /** The last {@code lines} lines of a log, for failure messages. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The {@code --add-opens} and related flags of this JVM, which the build sets from {@code spark.jvm.opens}. */
  static List<String> moduleFlags() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect.useDirectMethodHandle")
            || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
        .toList();
    if (flags.isEmpty()) {
      throw new IllegalStateException("this JVM has no --add-opens flags to pass on; run through Maven (argLine from spark.jvm.opens)");
    }
    return flags;
  }
}
