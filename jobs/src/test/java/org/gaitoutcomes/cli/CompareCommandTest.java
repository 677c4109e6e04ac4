package org.gaitoutcomes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The compare command's options and how they map onto the study spec (usage errors stop before
 * Spark starts). The stage is tested in the compare package; a full command run would stop the
 * shared test session, so it is checked with the launcher (see the issue note).
 */
class CompareCommandTest {
  @Test
  void isRegisteredAndRequiresCohortAndOutput() {
    CommandLine cli = Main.commandLine();
    assertTrue(cli.getSubcommands().containsKey("compare"));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertEquals(Main.EXIT_USAGE, cli.execute("compare", "--cohort", "table.parquet"));
    assertTrue(err.toString().contains("--output"), err.toString());
  }

  @Test
  void optionsBecomeStudySettings() {
    CommandLine cli = Main.commandLine();
    CommandLine compare = cli.getSubcommands().get("compare");
    cli.parseArgs("compare", "--cohort", "t.csv", "--output", "out", "--treatment", "treat", "--outcome", "re78,u78",
        "--covariates", "age,educ", "--estimand", "ATT", "--method", "iptw,matching");
    Map<String, Object> o = ((CompareCommand) compare.getCommand()).overrides();
    assertEquals("treat", o.get("gait.study.treatment"));
    assertEquals(List.of(Map.of("name", "re78", "kind", "auto"), Map.of("name", "u78", "kind", "auto")), o.get("gait.study.outcomes"));
    assertEquals("re78", o.get("gait.study.primary.outcome"));
    assertEquals(List.of("age", "educ"), o.get("gait.study.covariates"));
    assertEquals(List.of("ATT"), o.get("gait.study.estimands"));
    assertEquals("ATT", o.get("gait.study.primary.estimand"));
    assertEquals(List.of("iptw", "matching"), o.get("gait.study.methods"));
  }

  /** Defaults derived from the options sit below the spec file: Settings alone decides precedence. */
  @Test
  void derivedDefaultsYieldToTheSpecFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    CommandLine cli = Main.commandLine();
    CompareCommand compare = (CompareCommand) cli.getSubcommands().get("compare").getCommand();
    cli.parseArgs("compare", "--cohort", "t.csv", "--output", "out", "--covariates", "age,educ", "--method", "iptw,matching");
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    com.typesafe.config.Config plain = org.gaitoutcomes.config.Settings.load(hadoop, null, compare.overrides(), compare.commandDefaults());
    assertEquals(List.of(), plain.getList("gait.study.subgroups").unwrapped(), "a table of one's own: no default subgroups");
    assertEquals("iptw", plain.getString("gait.study.primary.method"), "the first method given, the default primary not being listed");
    java.nio.file.Path spec = dir.resolve("spec.conf");
    java.nio.file.Files.writeString(spec, "gait.study.subgroups = [{name = young, expr = \"age < 30\"}]\ngait.study.primary.method = matching\n");
    com.typesafe.config.Config withSpec = org.gaitoutcomes.config.Settings.load(hadoop, spec.toString(), compare.overrides(), compare.commandDefaults());
    assertEquals(1, withSpec.getList("gait.study.subgroups").size(), "the spec's subgroups stay");
    assertEquals("matching", withSpec.getString("gait.study.primary.method"), "the spec's primary method stays");
  }

  @Test
  void helpListsEveryOption() {
    String usage = Main.commandLine().getSubcommands().get("compare").getUsageMessage();
    for (String option : new String[] {"--cohort", "--treatment", "--outcome", "--covariates", "--estimand", "--method", "--spec", "--output", "--master"}) {
      assertTrue(usage.contains(option), option);
    }
  }
}
