package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The simulate command's options and usage errors (no Spark started). */
class SimulateCommandTest {
  static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    StringWriter out = new StringWriter();
    assertEquals(0, run(out, new StringWriter(), "simulate", "--help"));
    String help = out.toString();
    for (String option : new String[] {"--patients", "--seed", "--output", "--config", "--vendor-share", "--inject-errors", "--master"}) {
      assertTrue(help.contains(option), option);
    }
    assertTrue(help.contains("Default: simulate.seed (42)"));
  }

  @Test
  void badValuesAreUsageErrorsBeforeSparkStarts() {
    StringWriter err = new StringWriter();
    assertEquals(Main.EXIT_USAGE, run(new StringWriter(), err, "simulate", "--patients", "0", "--output", "x"));
    assertTrue(err.toString().contains("--patients must be >= 1, got 0"), err.toString());
    StringWriter err2 = new StringWriter();
    assertEquals(Main.EXIT_USAGE, run(new StringWriter(), err2, "simulate", "--patients", "10", "--output", "x", "--vendor-share", "1.5"));
    assertTrue(err2.toString().contains("--vendor-share must be between 0 and 1, got 1.5"), err2.toString());
    assertEquals(Main.EXIT_USAGE, run(new StringWriter(), new StringWriter(), "simulate", "--output", "x"));
  }
}
