package org.gaitoutcomes.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code spark-submit --class org.gaitoutcomes.cli.Main gait-outcomes.jar <command>} (client deploy
 * mode unless a test asks for cluster mode), run as {@code org.apache.spark.deploy.SparkSubmit} in its own JVM on the Spark jars,
 * exactly as a user would submit it.
 */
final class SparkSubmitRun {
  /** How a submit ended: exit code, its log and how long it took. */
  record Result(int exitCode, Path log, Duration took) {
    String describe() {
      return "exit code " + exitCode + " after " + took.toSeconds() + " s; last lines of " + log + ":\n"
          + SparkProcesses.tail(log, 40);
    }
  }

  private SparkSubmitRun() {}

  /**
   * Submits {@code command} to {@code master} with extra {@code --conf} pairs, {@code extraClasspath}
   * ahead of the Spark jars on the driver's classpath (local masters: executors share it), logging
   * to {@code dir/<name>.log} and using {@code dir/<name>-local} for Spark's scratch space.
   */
  static Result submit(String name, String master, Map<String, String> conf, List<Path> extraClasspath, List<String> command,
      Path dir, Duration timeout) throws IOException, InterruptedException {
    return submit(name, master, "client", conf, extraClasspath, Map.of(), command, dir, timeout);
  }

  /**
   * {@link #submit(String, String, Map, List, List, Path, Duration)} in {@code deployMode} ({@code client} or
   * {@code cluster}), with {@code env} added to the spark-submit JVM's environment (e.g. {@code HADOOP_CONF_DIR}).
   */
  static Result submit(String name, String master, String deployMode, Map<String, String> conf, List<Path> extraClasspath,
      Map<String, String> env, List<String> command, Path dir, Duration timeout) throws IOException, InterruptedException {
    Path scratch = Files.createDirectories(dir.resolve(name + "-local"));
    List<String> args = new ArrayList<>(List.of(
        "--master", master,
        "--deploy-mode", deployMode,
        "--name", "gait-outcomes " + name,
        "--class", "org.gaitoutcomes.cli.Main",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.local.dir=" + scratch));
    conf.forEach((k, v) -> {
      args.add("--conf");
      args.add(k + "=" + v);
    });
    args.add(SparkProcesses.jar().toString());
    args.addAll(command);
    Path log = dir.resolve(name + ".log");
    long start = System.nanoTime();
    Process p = SparkProcesses.start("org.apache.spark.deploy.SparkSubmit", args, extraClasspath, "1g", log, env);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        SparkProcesses.stop(p);
        throw new AssertionError(name + ": spark-submit did not finish within " + timeout + "; last lines of " + log + ":\n"
            + SparkProcesses.tail(log, 40));
      }
      return new Result(p.exitValue(), log, Duration.ofNanos(System.nanoTime() - start));
    } finally {
      SparkProcesses.stop(p);
    }
  }
}
