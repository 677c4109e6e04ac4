package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaitoutcomes.io.StagedOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command that takes an input and an output refuses an output that is, contains or lies inside
 * an input (exit 2, one line, nothing written), and every command that reads a stage's output refuses
 * one that no finished run committed (exit 1, one line naming it). All of these stop before Spark
 * starts, so they run in this JVM.
 */
class OutputSafetyCommandTest {
  @TempDir
  Path tmp;

  private Path in;
  private String inputListing;

  private record Result(int code, String err) {
    /** The one line of the error, without the "gait-outcomes: usage error: " or "error: " prefix. */
    String line() {
      List<String> lines = err.lines().filter(l -> l.startsWith("gait-outcomes:")).toList();
      assertEquals(1, lines.size(), err);
      return lines.get(0).replaceFirst("^gait-outcomes: (usage error|error): ", "");
    }
  }

  private static Result run(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute(args);
    return new Result(code, err.toString());
  }

  @BeforeEach
  void input() throws IOException {
    in = tmp.resolve("in");
    write(in.resolve("patients.csv"), "patient_id,sex,age_years,site\nP0001,F,45,S1\n");
    write(in.resolve("treatments.csv"), "patient_id,device_type,start_day\nP0001,custom,0\n");
    write(in.resolve("outcomes.csv"), "patient_id,day,nrs_pain\nP0001,0,6\n");
    write(in.resolve("spec.conf"), "gait.study.seed = 7\n");
    inputListing = listing(in);
  }

  private void assertRefused(String expectedLine, String... args) throws IOException {
    Result r = run(args);
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertEquals(expectedLine, r.line());
    assertEquals(1, r.err().lines().count(), "one line, no --help hint: " + r.err());
    assertEquals(inputListing, listing(in), "the input is untouched");
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("in"), s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing written beside it");
    }
  }

  private static String refusal(String output, String relation, String input) {
    return output + " " + relation + " " + input
        + ": refusing to write there, since replacing the output would delete the input; choose a separate output folder";
  }

  @Test
  void ingestIntoItsOwnInputIsRefused() throws IOException {
    // Before the fix this exited 0 and the input CSVs were gone.
    assertRefused(refusal("--output in", "is the same folder as", "--input in"), "ingest", "--input", in.toString(), "--output", in.toString());
    assertRefused(refusal("--output out", "lies inside", "--input in"), "ingest", "--input", in.toString(), "--output", in.resolve("out").toString());
    assertRefused(refusal("--output " + tmp.getFileName(), "contains", "--input in"), "ingest", "--input", in.toString(), "--output", tmp.toString());
    assertRefused(refusal("--output in", "is the same folder as", "--input in"),
        "ingest", "--input", in.toString(), "--output", in.resolve("curated/..").toString());
  }

  @Test
  void aSymbolicLinkToTheInputIsTheInput() throws IOException {
    Path elsewhere = Files.createTempDirectory("gait-link");
    try {
      Path link = Files.createSymbolicLink(elsewhere.resolve("out"), in);
      Result r = run("run", "--input", in.toString(), "--output", link.toString());
      assertEquals(Main.EXIT_USAGE, r.code(), r.err());
      assertEquals(refusal("--output out", "is the same folder as", "--input in"), r.line());
      assertEquals(inputListing, listing(in));
    } finally {
      try (Stream<Path> s = Files.walk(elsewhere)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void everyCommandWithAnInputAndAnOutputChecksThem() throws IOException {
    String i = in.toString();
    String spec = in.resolve("spec.conf").toString();
    assertRefused(refusal("--output in", "is the same folder as", "--input in"), "run", "--input", i, "--output", i);
    assertRefused(refusal("--output in", "contains", "--spec spec.conf"), "simulate", "--patients", "10", "--spec", spec, "--output", i);
    assertRefused(refusal("--output in", "contains", "--spec spec.conf"), "bench", "--spec", spec, "--output", i);
    assertRefused(refusal("--output in", "is the same folder as", "--scans in"), "import-scans", "--scans", i, "--output", i);
    Files.createDirectories(in.resolve("scans-quarantine"));
    inputListing = listing(in);
    assertRefused(refusal("--output (quarantine) scans-quarantine", "is the same folder as", "--scans scans-quarantine"),
        "import-scans", "--scans", in.resolve("scans-quarantine").toString(), "--output", in.resolve("scans").toString());
    assertRefused(refusal("--output features", "lies inside", "--curated in"), "features", "--curated", i, "--output", in.resolve("features").toString());
    assertRefused(refusal("--output in", "contains", "--features patients.csv"),
        "cohort", "--curated", tmp.resolve("c").toString(), "--features", in.resolve("patients.csv").toString(), "--output", i);
    assertRefused(refusal("--output in", "contains", "--cohort patients.csv"), "compare", "--cohort", in.resolve("patients.csv").toString(), "--output", i);
    assertRefused(refusal("--output in", "is the same folder as", "--results in"), "report", "--results", i, "--output", in.resolve("report.html").toString());
    assertRefused(refusal("--output in", "contains", "--manifest spec.conf"),
        "report", "--results", tmp.resolve("r").toString(), "--manifest", spec, "--output", in.resolve("r.html").toString());
  }

  @Test
  void aFolderOfOtherFilesIsNeverReplaced() throws IOException {
    Path docs = tmp.resolve("documents");
    write(docs.resolve("letter.txt"), "mine");
    Result r = run("ingest", "--input", in.toString(), "--output", docs.toString());
    assertEquals(Main.EXIT_USAGE, r.code(), r.err());
    assertEquals("--output documents exists, holds 1 entry and is not an output of gait-outcomes (no _COMMITTED marker): refusing to "
        + "replace it; choose a new or empty folder, or delete it first", r.line());
    assertEquals("mine", Files.readString(docs.resolve("letter.txt")));
    write(tmp.resolve("scans-quarantine/notes.txt"), "mine too");
    Result q = run("import-scans", "--scans", in.toString(), "--output", tmp.resolve("scans").toString());
    assertEquals(Main.EXIT_USAGE, q.code(), q.err());
    assertTrue(q.line().startsWith("--output (quarantine) scans-quarantine exists, holds 1 entry"), q.line());
  }

  @Test
  void aReportNeedsAFolderOfItsOwn() throws IOException {
    Result bare = run("report", "--results", in.toString(), "--output", "report.html");
    assertEquals(Main.EXIT_USAGE, bare.code());
    assertTrue(bare.line().startsWith("--output report.html names no folder"), bare.line());
    assertFalse(Files.exists(Path.of("report.html")));
  }

  /** A run output folder as a killed run leaves it: the stage folders in a staging folder without a marker. */
  private Path killedRunOutput() throws IOException {
    Path staging = tmp.resolve("runs/.out.staging-" + UUID.randomUUID());
    write(staging.resolve("cohort/part-00000.parquet"), "PAR1");
    write(staging.resolve("curated/patients/part-00000.parquet"), "PAR1");
    write(staging.resolve("results/estimates.json"), "[]");
    return staging;
  }

  @Test
  void compareRefusesTheCohortOfAKilledRun() throws IOException {
    Path staging = killedRunOutput();
    String out = tmp.resolve("cmp").toString();
    // Before the fix this exited 0 and estimated effects from a half-written cohort.
    Result r = run("compare", "--cohort", staging.resolve("cohort").toString(), "--output", out);
    assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
    assertTrue(r.line().startsWith("--cohort cohort lies inside " + staging.getFileName()
        + ", the staging folder of a run that did not finish"), r.line());
    Result forced = run("compare", "--cohort", staging.resolve("cohort").toString(), "--output", out, "--foreign-table");
    assertEquals(Main.EXIT_FAILURE, forced.code(), "--foreign-table does not cover a staging folder");
    assertFalse(Files.exists(Path.of(out)));
  }

  @Test
  void compareRefusesAStageFolderOfARunWithoutMarkerAndAForeignTableWithoutTheFlag() throws IOException {
    Path run = tmp.resolve("run1");
    write(run.resolve("run.json"), "{}");
    write(run.resolve("cohort/part-00000.parquet"), "PAR1");
    Result r = run("compare", "--cohort", run.resolve("cohort").toString(), "--output", tmp.resolve("cmp").toString());
    assertEquals(Main.EXIT_FAILURE, r.code());
    assertEquals("--cohort cohort (in the output folder run1) is incomplete: no _COMMITTED marker, so the run that wrote it did not "
        + "finish; run that stage again", r.line());

    Path own = tmp.resolve("mine/analysis.csv");
    write(own, "treated,y\n1,2\n");
    Result foreign = run("compare", "--cohort", own.toString(), "--output", tmp.resolve("cmp").toString());
    assertEquals(Main.EXIT_FAILURE, foreign.code());
    assertTrue(foreign.line().endsWith("; for a table of your own that gait-outcomes did not write, pass --foreign-table"), foreign.line());
  }

  @Test
  void reportRefusesHalfWrittenResults() throws IOException {
    Path staging = killedRunOutput();
    Result r = run("report", "--results", staging.resolve("results").toString(), "--output", tmp.resolve("rep/report.html").toString());
    assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
    assertTrue(r.line().startsWith("--results results lies inside .out.staging-"), r.line());

    Path half = tmp.resolve("cmp");
    write(half.resolve("estimates.json"), "[]");
    write(half.resolve("run.json"), "{}");
    Result h = run("report", "--results", half.toString(), "--output", tmp.resolve("rep/report.html").toString());
    assertEquals(Main.EXIT_FAILURE, h.code());
    assertEquals("--results cmp is incomplete: no _COMMITTED marker, so the run that wrote it did not finish; run that stage again", h.line());
    assertFalse(Files.exists(tmp.resolve("rep")));
  }

  @Test
  void rawInputsInsideAStagingFolderAreRefusedToo() throws IOException {
    Path staging = killedRunOutput();
    Result r = run("ingest", "--input", staging.resolve("curated").toString(), "--output", tmp.resolve("o").toString());
    assertEquals(Main.EXIT_FAILURE, r.code(), r.err());
    assertTrue(r.line().startsWith("--input curated lies inside .out.staging-"), r.line());
  }

  @Test
  void featuresAndCohortRefuseUncommittedStageOutputs() throws IOException {
    Path staging = killedRunOutput();
    Result f = run("features", "--curated", staging.resolve("curated").toString(), "--output", tmp.resolve("f").toString());
    assertEquals(Main.EXIT_FAILURE, f.code(), f.err());
    assertTrue(f.line().startsWith("--curated curated lies inside .out.staging-"), f.line());

    Path done = tmp.resolve("done");
    write(done.resolve("curated/patients/part-00000.parquet"), "PAR1");
    write(done.resolve(StagedOutput.MARKER), "");
    Path features = tmp.resolve("feat/baseline_features");
    write(features.resolve("part-00000.parquet"), "PAR1");
    write(tmp.resolve("feat/run.json"), "{}");
    Result c = run("cohort", "--curated", done.resolve("curated").toString(), "--features", features.toString(),
        "--output", tmp.resolve("co").toString());
    assertEquals(Main.EXIT_FAILURE, c.code(), c.err());
    assertEquals("--features baseline_features (in the output folder feat) is incomplete: no _COMMITTED marker, so the run that wrote "
        + "it did not finish; run that stage again", c.line());
  }

  private static String listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      StringBuilder b = new StringBuilder();
      for (Path p : s.sorted().toList()) {
        b.append(dir.relativize(p)).append(Files.isRegularFile(p) ? " " + Files.size(p) : "").append('\n');
      }
      return b.toString();
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
