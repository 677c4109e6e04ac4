package org.gaitoutcomes.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.gaitoutcomes.GaitException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged outputs: what a killed run leaves behind is removed by the next run into the same output
 * (and only that), and readers refuse what no finished run committed.
 */
class StagedOutputTest {
  private final Configuration conf = new Configuration();
  private final List<String> log = new ArrayList<>();
  private AbstractAppender appender;

  @TempDir
  Path tmp;

  @BeforeEach
  void captureLog() {
    Configurator.setLevel("gait-outcomes", Level.INFO);
    appender = new AbstractAppender("staged-output-test", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        log.add(event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getLoggerConfig("gait-outcomes").addAppender(appender, Level.ALL, null);
    ctx.updateLoggers();
  }

  @AfterEach
  void stopCapture() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getLoggerConfig("gait-outcomes").removeAppender(appender.getName());
    ctx.updateLoggers();
    appender.stop();
  }

  /** What a run killed with SIGKILL leaves beside {@code out}: a staging folder of patient rows and its lease. */
  private Path killedRun(String host, long pid, long started) throws IOException {
    String id = UUID.randomUUID().toString();
    Path staging = Files.createDirectories(tmp.resolve(".out.staging-" + id + "/curated/patients"));
    Files.writeString(staging.resolve("part-00000.csv"), "patient_id\nP0001\n");
    Files.writeString(tmp.resolve(".out.staging-" + id + ".lease"),
        "host=" + host + "\npid=" + pid + "\nstarted=" + started + "\n", StandardCharsets.UTF_8);
    return tmp.resolve(".out.staging-" + id);
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static String thisHost() throws IOException {
    return java.net.InetAddress.getLocalHost().getHostName();
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void commitOnce() {
    try (StagedOutput out = StagedOutput.begin(conf, tmp.resolve("out").toString())) {
      HadoopFiles.writeString(conf, out.path("result.json"), "{}");
      out.commit();
    }
  }

  @Test
  void theNextRunRemovesTheStagingFolderOfAKilledRunAndSaysSo() throws Exception {
    Path killed = killedRun(thisHost(), deadPid(), 1L);
    commitOnce();
    assertFalse(Files.exists(killed), "stale staging folder of patient rows removed");
    assertEquals(List.of("out"), names(), "no staging folder or lease left beside the output");
    assertTrue(Files.exists(tmp.resolve("out/" + StagedOutput.MARKER)));
    assertFalse(Files.exists(tmp.resolve("out/._COMMITTED.crc")), "no checksum side file beside the marker");
    List<String> lines = log.stream().filter(l -> l.contains("stale staging")).toList();
    assertEquals(List.of("output out: removed 1 stale staging folder (.out.staging-* beside it) left by an earlier run that did not finish"),
        lines);
  }

  @Test
  void aStagingFolderWithoutALeaseIsStale() throws Exception {
    Path killed = killedRun("h", 1, 1);
    Files.delete(tmp.resolve(killed.getFileName() + StagedOutput.LEASE_SUFFIX));
    commitOnce();
    assertEquals(List.of("out"), names());
  }

  @Test
  void aRunStillWritingIsLeftAlone() throws Exception {
    long started = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    Path live = killedRun(thisHost(), ProcessHandle.current().pid(), started);
    Path remote = killedRun("some-other-host", 1, 1);
    commitOnce();
    assertTrue(Files.exists(live), "the staging folder of a live process on this host is kept");
    assertTrue(Files.exists(remote), "a recently renewed lease of another host is kept");
    assertTrue(log.stream().noneMatch(l -> l.contains("stale")), log.toString());
  }

  @Test
  void aLeaseOfAnotherHostThatStoppedBeatingIsStale() throws Exception {
    Path remote = killedRun("some-other-host", 1, 1);
    Path lease = tmp.resolve(remote.getFileName() + StagedOutput.LEASE_SUFFIX);
    Files.setLastModifiedTime(lease, FileTime.from(Instant.now().minusSeconds(StagedOutput.STALE_AFTER_SECONDS + 60)));
    commitOnce();
    assertEquals(List.of("out"), names());
  }

  @Test
  void aRunKilledMidSwapGetsThePreviousOutputBack() throws Exception {
    commitOnce();
    String id = UUID.randomUUID().toString();
    Files.move(tmp.resolve("out"), tmp.resolve(".out.old-" + id));
    Files.writeString(tmp.resolve(".out.staging-" + id + ".lease"), "host=" + thisHost() + "\npid=" + deadPid() + "\nstarted=1\n");
    try (StagedOutput out = StagedOutput.begin(conf, tmp.resolve("out").toString())) {
      assertTrue(Files.exists(tmp.resolve("out/result.json")), "previous output moved back before anything else");
      StagedOutput.requireCommitted(conf, tmp.resolve("out").toString());
    }
    assertEquals(List.of("out"), names());
    assertTrue(log.stream().anyMatch(l -> l.startsWith("output out: moved the previous output back into place from .out.old-")), log.toString());
  }

  @Test
  void aFailedRunLeavesNothingBeside() throws IOException {
    try (StagedOutput out = StagedOutput.begin(conf, tmp.resolve("out").toString())) {
      HadoopFiles.writeString(conf, out.path("x.json"), "{}");
      assertEquals(2, names().size(), "staging folder and its lease while running: " + names());
    }
    assertEquals(List.of(), names());
  }

  @Test
  void readersAcceptOnlyFinishedOutputsAndStageFoldersInsideThem() throws IOException {
    commitOnce();
    Files.createDirectories(tmp.resolve("out/cohort"));
    Files.writeString(tmp.resolve("out/cohort/part-0.parquet"), "x");
    StagedOutput.requireCommitted(conf, tmp.resolve("out").toString());
    StagedOutput.requireCommitted(conf, tmp.resolve("out/cohort").toString());
    StagedOutput.requireCommitted(conf, tmp.resolve("out/cohort/part-0.parquet").toString());

    Path half = Files.createDirectories(tmp.resolve("half/results"));
    Files.writeString(tmp.resolve("half/run.json"), "{}");
    Files.writeString(half.resolve("estimates.json"), "[]");
    GaitException e = assertThrows(GaitException.class, () -> StagedOutput.requireCommitted(conf, half.toString()));
    assertEquals("results (in the output folder half) is incomplete: no _COMMITTED marker, so the run that wrote it did not finish; "
        + "run that stage again", e.getMessage());
    assertTrue(StagedOutput.uncommitted(conf, half.toString(), true).isPresent(), "--foreign-table does not cover an unfinished output");

    Path staging = Files.createDirectories(tmp.resolve(".run.staging-" + UUID.randomUUID() + "/cohort"));
    Files.writeString(staging.getParent().resolve(StagedOutput.MARKER), "");
    String why = StagedOutput.uncommitted(conf, staging.toString(), true).orElseThrow();
    assertTrue(why.startsWith("cohort lies inside .run.staging-") && why.contains("the staging folder of a run that did not finish"), why);

    Path own = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(own.resolve("analysis.csv"), "a,b\n1,2\n");
    assertEquals("analysis.csv is incomplete: no _COMMITTED marker in it or in an output folder above it, so no finished gait-outcomes "
        + "run wrote it; run the stage that writes it", StagedOutput.uncommitted(conf, own.resolve("analysis.csv").toString(), false).orElseThrow());
    assertTrue(StagedOutput.uncommitted(conf, own.resolve("analysis.csv").toString(), true).isEmpty(), "a foreign table");
    assertEquals("input not found: nowhere", StagedOutput.uncommitted(conf, tmp.resolve("nowhere").toString(), true).orElseThrow());
  }

  @Test
  void aRunStoppedWithSigtermRemovesItsStagingFolder() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), StagedOutputChild.class.getName(), tmp.resolve("out").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("staged")) {
        // Hadoop's start-up warnings
      }
      assertEquals("staged", line);
      assertEquals(2, names().size(), "staging folder and lease while it runs: " + names());
      p.destroy(); // SIGTERM, as Ctrl-C or a scheduler stopping the job
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    } finally {
      p.destroyForcibly();
    }
    assertEquals(List.of(), names(), "nothing left beside the output");
  }
}
