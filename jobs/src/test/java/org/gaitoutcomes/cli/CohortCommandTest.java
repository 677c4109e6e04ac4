package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The cohort command's options (usage errors stop before Spark starts). The stage itself is tested in
 * CohortStageTest; a full command run would stop the shared test session, so it is checked with the
 * launcher instead (see the issue note).
 */
class CohortCommandTest {
  @Test
  void isRegisteredAndRequiresCuratedAndOutput() {
    CommandLine cli = Main.commandLine();
    assertTrue(cli.getSubcommands().containsKey("cohort"));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_USAGE, cli.execute("cohort", "--curated", "somewhere"));
    assertTrue(err.toString().contains("--output"), err.toString());
  }

  @Test
  void helpListsEveryOption() {
    String usage = Main.commandLine().getSubcommands().get("cohort").getUsageMessage();
    for (String option : new String[] {"--curated", "--features", "--output", "--spec", "--master"}) {
      assertTrue(usage.contains(option), option);
    }
  }
}
