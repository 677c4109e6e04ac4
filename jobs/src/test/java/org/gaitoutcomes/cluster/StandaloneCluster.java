package org.gaitoutcomes.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on loopback: one Master and one Worker (2 cores, so the default
 * parallelism equals {@code local[2]}'s), started from {@code jobs/target/spark-home/jars} on free
 * ephemeral ports, with the worker's work folder under {@code dir}. {@link #close} stops exactly the
 * two processes it started (and the executors the worker launched).
 */
final class StandaloneCluster implements AutoCloseable {
  static final int WORKER_CORES = 2;
  static final String WORKER_MEMORY = "2g";
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path dir;
  private Process master;
  private Process worker;
  private String masterUrl;

  private StandaloneCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts master and worker and waits until the worker has registered (or fails with both logs' tails). */
  static StandaloneCluster start(Path dir, Duration timeout) throws IOException, InterruptedException {
    StandaloneCluster cluster = new StandaloneCluster(dir);
    try {
      cluster.startProcesses(timeout);
      return cluster;
    } catch (RuntimeException | IOException | InterruptedException | Error e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  Path workDir() {
    return dir.resolve("worker-work");
  }

  private void startProcesses(Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(workDir());
    int masterPort = SparkProcesses.freePort();
    int masterUi = SparkProcesses.freePort();
    masterUrl = "spark://127.0.0.1:" + masterPort;
    master = SparkProcesses.start("org.apache.spark.deploy.master.Master",
        List.of("--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi)),
        List.of(), "512m", dir.resolve("master.log"), Map.of());
    worker = SparkProcesses.start("org.apache.spark.deploy.worker.Worker",
        List.of("--host", "127.0.0.1", "--port", String.valueOf(SparkProcesses.freePort()),
            "--webui-port", String.valueOf(SparkProcesses.freePort()),
            "--cores", String.valueOf(WORKER_CORES), "--memory", WORKER_MEMORY,
            "--work-dir", workDir().toString(), masterUrl),
        List.of(), "512m", dir.resolve("worker.log"), Map.of());
    awaitWorker(masterUi, timeout);
  }

  /** Polls the master's JSON status page until one worker is alive. */
  private void awaitWorker(int masterUi, Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!master.isAlive() || !worker.isAlive()) {
        throw new IllegalStateException("standalone " + (master.isAlive() ? "worker" : "master") + " exited early:\n" + logs());
      }
      try {
        Matcher m = ALIVE_WORKERS.matcher(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
        if (m.find() && Integer.parseInt(m.group(1)) >= 1) {
          return;
        }
      } catch (IOException e) {
        // Master UI not up yet.
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("no worker registered with " + masterUrl + " within " + timeout + ":\n" + logs());
  }

  /** The master, the worker and the processes they started (the worker's executors), while running. */
  List<ProcessHandle> processTree() {
    List<ProcessHandle> all = new java.util.ArrayList<>();
    for (Process p : new Process[] {master, worker}) {
      if (p != null) {
        all.add(p.toHandle());
        p.descendants().forEach(all::add);
      }
    }
    return all;
  }

  String logs() {
    return "--- master.log\n" + SparkProcesses.tail(dir.resolve("master.log"), 30)
        + "\n--- worker.log\n" + SparkProcesses.tail(dir.resolve("worker.log"), 30);
  }

  /** Stops the worker (and its executors) first, then the master. */
  @Override
  public void close() {
    SparkProcesses.stop(worker);
    SparkProcesses.stop(master);
    worker = null;
    master = null;
  }
}
