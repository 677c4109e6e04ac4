package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gaitoutcomes.io.StagedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest command line. Runs that start Spark go through {@link Main} in a child JVM, as the
 * launcher does: a command stops its Spark session when it ends, which would stop the test session
 * shared by every other test in this JVM.
 */
class IngestCommandTest {
  @Test
  void unknownOptionIsAUsageError() {
    Captured c = capture(() -> Main.execute("ingest", "--input", "in", "--output", "out", "--no-such-option"));
    assertEquals(Main.EXIT_USAGE, c.exitCode());
    assertTrue(c.err().startsWith("gait-outcomes: usage error: Unknown option: '--no-such-option'"), c.err());
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    Captured c = capture(() -> Main.execute("ingest", "--help"));
    assertEquals(Main.EXIT_OK, c.exitCode());
    for (String option : List.of("--input", "--output", "--config", "--master", "--conf", "--verbose")) {
      assertTrue(c.out().contains(option), option + " in\n" + c.out());
    }
    String text = c.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("Required, no default."), text);
    assertTrue(text.contains("Default: none (the documented defaults)."), text);
    assertTrue(text.contains("Default: false."), text);
  }

  @Test
  void corruptInputExitsOneAndLeavesThePreviousOutputUntouched(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good");
    write(good.resolve("patients.csv"), "patient_id,sex,age_years,site\nP0001,F,45,S1\nP0002,M,93,S2\n");
    write(good.resolve("treatments.csv"), "patient_id,device_type,start_day\nP0001,custom,0\nP0002,otc,1\n");
    write(good.resolve("outcomes.csv"), "patient_id,day,nrs_pain\nP0001,0,6\nP0002,0,5\nP0003,0,5\n");
    Path out = dir.resolve("out");

    Child first = runMain("ingest", "--input", good.toUri().toString(), "--output", out.toString(), "--master", "local[1]",
        "--conf", "spark.sql.shuffle.partitions=2");
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("patients    csv               2          2            0          1  -"), first.out());
    assertTrue(first.out().contains("quarantined in outcomes: UNKNOWN_PATIENT 1"), first.out());
    assertTrue(Files.exists(out.resolve(StagedOutput.MARKER)));
    String runJson = Files.readString(out.resolve("run.json"));
    assertTrue(runJson.contains("\"file\" : \"patients.csv\"") && runJson.contains("\"checksum\" : \"sha256:"), runJson);
    assertTrue(runJson.contains("\"rekey\""), "the resolved config is recorded: " + runJson);
    assertFalse(runJson.contains(good.toString()), "no source paths in run.json");
    String summaryBefore = Files.readString(out.resolve("ingest-summary.json"));

    Path bad = dir.resolve("bad");
    write(bad.resolve("patients.csv"), "patient_id,sex,age_years,site\nP0001,F,45,S1\n");
    write(bad.resolve("outcomes.csv"), "patient_id,day,nrs_pain\nP0001,0,6\n");
    write(bad.resolve("treatments.parquet"), "PAR1 garbage bytes, not a Parquet file");
    Child second = runMain("ingest", "--input", bad.toUri().toString(), "--output", out.toString(), "--master", "local[1]");
    assertEquals(1, second.exitCode(), second.err());
    List<String> errors = second.err().lines().filter(l -> l.startsWith("gait-outcomes:")).toList();
    assertEquals(1, errors.size(), second.err());
    assertTrue(errors.get(0).startsWith(
        "gait-outcomes: error: input file treatments.parquet of table treatments is not a readable Parquet file"), errors.get(0));
    assertFalse(second.err().contains("\tat "), "no stack trace without --verbose: " + second.err());

    assertEquals(summaryBefore, Files.readString(out.resolve("ingest-summary.json")));
    assertTrue(Files.exists(out.resolve(StagedOutput.MARKER)));
    try (Stream<Path> siblings = Files.list(dir)) {
      assertEquals(List.of("bad", "good", "out"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
          "no staging folder is left behind");
    }
  }

  /** Issue 16 item 5: a 0-byte patients.csv exits 1 with one line; the output is written for inspection, without the marker. */
  @Test
  void emptyRequiredTableExitsOneAndLeavesAnUncommittedOutput(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("in");
    write(in.resolve("patients.csv"), "");
    write(in.resolve("treatments.csv"), "patient_id,device_type,start_day\nP0001,custom,0\n");
    write(in.resolve("outcomes.csv"), "patient_id,day,nrs_pain\nP0001,0,6\n");
    Path out = dir.resolve("out");

    Child run = runMain("ingest", "--input", in.toUri().toString(), "--output", out.toString(), "--master", "local[1]",
        "--conf", "spark.sql.shuffle.partitions=2");

    assertEquals(1, run.exitCode(), run.err());
    List<String> errors = run.err().lines().filter(l -> l.startsWith("gait-outcomes:")).toList();
    assertEquals(1, errors.size(), run.err());
    assertTrue(errors.get(0).startsWith("gait-outcomes: error: ingest rejected the input: required table patients has no"
        + " accepted records (0 read, 0 quarantined) (and 2 more, see ingest-summary.json)"), errors.get(0));
    assertTrue(Files.readString(out.resolve("ingest-summary.json")).contains("required table outcomes has no accepted records"));
    assertTrue(Files.isDirectory(out.resolve("quarantine")));
    assertFalse(Files.exists(out.resolve(StagedOutput.MARKER)), "an invalid run is not committed");
    org.gaitoutcomes.GaitException refused = org.junit.jupiter.api.Assertions.assertThrows(org.gaitoutcomes.GaitException.class,
        () -> StagedOutput.requireCommitted(new org.apache.hadoop.conf.Configuration(), out.toUri().toString()));
    assertTrue(refused.getMessage().contains("no " + StagedOutput.MARKER + " marker"), refused.getMessage());
  }

  private record Captured(int exitCode, String out, String err) {}

  private static Captured capture(java.util.function.IntSupplier run) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = run.getAsInt();
      return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private record Child(int exitCode, String out, String err) {}

  /** Runs {@code Main} in a child JVM with this JVM's class path and module flags. */
  private static Child runMain(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-XX:+IgnoreUnrecognized")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path stdout = Files.createTempFile("ingest-out", ".txt");
    Path stderr = Files.createTempFile("ingest-err", ".txt");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("gait-outcomes " + String.join(" ", args) + " did not finish in 10 minutes");
      }
      return new Child(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
