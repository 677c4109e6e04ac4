package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gaitoutcomes.io.StagedOutput;
import org.gaitoutcomes.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The report command replaces its folder atomically, like every other output (no Spark needed). */
class ReportCommandTest {
  private static final Path RESULTS = RepoPaths.root().resolve("jobs/src/test/resources/report/study/results");

  @TempDir
  Path tmp;

  private static int report(StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aSecondReportReplacesTheFirstWithNoStaleExports() throws IOException {
    Path html = tmp.resolve("rep/report.html");
    assertEquals(0, report(new StringWriter(), "report", "--results", RESULTS.toString(), "--output", html.toString()));
    List<String> first = files(tmp.resolve("rep"));
    assertTrue(first.contains(StagedOutput.MARKER) && first.contains("report.html") && first.contains("exports/subgroups.csv"), first.toString());
    assertTrue(first.stream().noneMatch(f -> f.contains("/.") || f.startsWith(".")), "no hidden side files: " + first);
    // An export of an older run with another study (say, one more outcome table).
    Files.writeString(tmp.resolve("rep/exports/old_outcome_table.csv"), "n\n7\n");
    Files.writeString(tmp.resolve("rep/figures/old_figure.svg"), "<svg/>");

    // Before the fix the report was overwritten in place and both stale files stayed beside it.
    assertEquals(0, report(new StringWriter(), "report", "--results", RESULTS.toString(), "--output", html.toString()));
    assertEquals(first, files(tmp.resolve("rep")));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of("rep"), s.map(p -> p.getFileName().toString()).toList(), "no staging folder or lease left");
    }
  }

  @Test
  void aFolderThatIsNotAReportIsNeverReplaced() throws IOException {
    Path docs = Files.createDirectories(tmp.resolve("documents"));
    Files.writeString(docs.resolve("notes.txt"), "mine");
    StringWriter err = new StringWriter();
    assertEquals(Main.EXIT_USAGE, report(err, "report", "--results", RESULTS.toString(), "--output", docs.resolve("report.html").toString()));
    assertEquals("gait-outcomes: usage error: --output folder documents holds 1 entry that a report does not write: the report's folder "
        + "is replaced as a whole, so give the report a new or empty folder", err.toString().lines().findFirst().orElse(""));
    assertEquals(List.of("notes.txt"), files(docs));
  }

  @Test
  void aRunOutputFolderIsNotAReportFolderEvenWithItsMarker() throws IOException {
    Path run = Files.createDirectories(tmp.resolve("run1/cohort"));
    Files.writeString(tmp.resolve("run1/" + StagedOutput.MARKER), "");
    Files.writeString(tmp.resolve("run1/run.json"), "{}");
    StringWriter err = new StringWriter();
    assertEquals(Main.EXIT_USAGE, report(err, "report", "--results", RESULTS.toString(), "--output", tmp.resolve("run1/report.html").toString()));
    assertTrue(err.toString().startsWith("gait-outcomes: usage error: --output folder run1 holds 1 entry that a report does not write"), err.toString());
    assertTrue(Files.isDirectory(run));
  }
}
