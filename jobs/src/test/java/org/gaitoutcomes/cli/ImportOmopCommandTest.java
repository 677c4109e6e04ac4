package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The import-omop and simulate --format command lines: options and usage errors (no Spark is started). */
class ImportOmopCommandTest {
  @Test
  void helpListsEveryOption() {
    Captured c = capture(() -> Main.execute("import-omop", "--help"));
    assertEquals(Main.EXIT_OK, c.exitCode());
    for (String option : List.of("--input", "--output", "--spec", "--master", "--conf", "--verbose")) {
      assertTrue(c.out().contains(option), option + " in\n" + c.out());
    }
  }

  @Test
  void missingInputIsAUsageError() {
    Captured c = capture(() -> Main.execute("import-omop", "--output", "out"));
    assertEquals(Main.EXIT_USAGE, c.exitCode());
    assertTrue(c.err().contains("Missing required option: '--input=DIR_OR_URI'"), c.err());
  }

  @Test
  void simulateRejectsAnUnknownFormat() {
    Captured c = capture(() -> Main.execute("simulate", "--patients", "10", "--output", "out", "--format", "xml"));
    assertEquals(Main.EXIT_USAGE, c.exitCode());
    assertTrue(c.err().contains("--format must be csv or omop, got xml"), c.err());
  }

  @Test
  void simulateAsOmopHasNoVendorExports() {
    Captured c = capture(() -> Main.execute("simulate", "--patients", "10", "--output", "out", "--format", "omop", "--vendor-share", "0.5"));
    assertEquals(Main.EXIT_USAGE, c.exitCode());
    assertTrue(c.err().contains("--vendor-share needs --format csv"), c.err());
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
}
