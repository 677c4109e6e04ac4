package org.gaitoutcomes.cli;

import java.io.PrintWriter;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.provenance.RunManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParseResult;

/**
 * The one entry point, {@code bin/gait-outcomes <command> [options]} locally and the main class of
 * the spark-submit jar. Exit codes: 0 success, 2 usage error, 1 data or runtime failure (one line on
 * stderr naming what and where; the stack trace only with {@code --verbose}).
 */
@Command(name = "gait-outcomes", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Comparative effectiveness of custom vs over-the-counter foot orthotics for chronic low back pain, on Spark.",
    subcommands = {
        CommandLine.HelpCommand.class,
        DictionaryCommand.class,
        RunCommand.class,
        BenchCommand.class,
        BenchLearnersCommand.class,
        IngestCommand.class,
        CohortCommand.class,
        ClusterCheckCommand.class,
        ImportScansCommand.class,
        ImportOmopCommand.class,
        FeaturesCommand.class,
        ReportCommand.class,
        SimulateCommand.class,
        CompareCommand.class,
    })
public final class Main implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    int code = execute(args);
    if (inYarnApplicationMaster(System.getProperty("spark.master"), System.getProperty("spark.submit.deployMode"))) {
      // YARN cluster deploy mode: the driver runs this method on a thread of Spark's ApplicationMaster, which
      // reports the application's final status only when the method returns or throws. System.exit would run
      // the shutdown hooks first, and the application would end FAILED ("Shutdown hook called before final
      // status was reported") whatever the command did (YarnClusterIT).
      if (code != EXIT_OK) {
        throw new CommandFailed(code);
      }
      return;
    }
    System.exit(code);
  }

  /** Whether the JVM's Spark settings are those of a driver inside a YARN ApplicationMaster (cluster deploy mode). */
  static boolean inYarnApplicationMaster(String master, String deployMode) {
    return "yarn".equals(master) && "cluster".equals(deployMode);
  }

  /** Ends {@link #main} with a failure the YARN ApplicationMaster records as the application's diagnostics. */
  static final class CommandFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailed(int code) {
      super("gait-outcomes ended with exit code " + code + (code == EXIT_USAGE ? " (usage error)" : "")
          + "; its one-line error is above in this driver's log", null, false, false);
    }
  }

  /** Runs a command line and returns its exit code (used by tests instead of {@link #main}). */
  public static int execute(String... args) {
    CommandLine cli = commandLine();
    return cli.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(e -> EXIT_FAILURE);
    cli.setExecutionExceptionHandler(Main::handleFailure);
    cli.setParameterExceptionHandler((e, args) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("gait-outcomes: usage error: " + e.getMessage());
      err.println("Try 'gait-outcomes " + commandPath(e.getCommandLine()) + "--help' for the options.");
      err.flush();
      return EXIT_USAGE;
    });
    return cli;
  }

  private static int handleFailure(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof CommandLine.ParameterException || e instanceof PathUsageException) {
      err.println("gait-outcomes: usage error: " + e.getMessage());
      err.flush();
      return EXIT_USAGE;
    }
    err.println("gait-outcomes: error: " + describe(e));
    if (verbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_FAILURE;
  }

  /** The most useful one-line description: our own message if there is one in the cause chain. */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GaitException) {
        return t.getMessage();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = msg.indexOf('\n');
    return (newline > 0 ? msg.substring(0, newline) : msg) + " (" + root.getClass().getSimpleName() + "; rerun with --verbose for details)";
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String commandPath(CommandLine cmd) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cmd; c != null && c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }

  /** Prints the project, Spark and Java versions. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
          "gait-outcomes " + RunManifest.projectVersion() + " (commit " + RunManifest.sourceCommit() + ")",
          "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java " + System.getProperty("java.version")
      };
    }
  }
}
