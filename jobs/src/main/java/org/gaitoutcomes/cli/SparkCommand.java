package org.gaitoutcomes.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.gaitoutcomes.spark.SparkSessions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every command that needs Spark: parses the shared options, gets the one session, runs,
 * and stops the session. Subclasses are thin: parse config, read, run, write, report.
 */
public abstract class SparkCommand implements Callable<Integer> {
  @Mixin
  protected SparkOptions sparkOptions;

  @Spec
  protected CommandSpec spec;

  @Override
  public final Integer call() {
    Logging.configure(sparkOptions.verbose());
    validate();
    // Path checks need the file system but not Spark: nothing is started or written before they pass.
    Configuration hadoop = IoChecks.hadoop(sparkOptions.conf());
    IoChecks.requireSeparate(hadoop, outputs(), inputs());
    if (replacesOutputs()) {
      IoChecks.requireReplaceable(hadoop, outputs());
    }
    IoChecks.refuseStaging(hadoop, inputs());
    checkInputs(hadoop);
    // A session that already exists (a notebook, a test, an embedding application) is reused and left running.
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSessions.getOrCreate("gait-outcomes " + spec.name(), sparkOptions.master(), sparkOptions.conf());
    try {
      run(spark);
      return 0;
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  /** Checks option values before Spark starts; throw {@link picocli.CommandLine.ParameterException} for usage errors. */
  protected void validate() {}

  /**
   * Option name to path of every folder this command replaces. None may be, contain or lie inside an
   * input (nor contain the working folder): a usage error before Spark starts.
   */
  protected Map<String, String> outputs() {
    return Map.of();
  }

  /**
   * Whether {@link #outputs()} are replaced as a whole (staged and committed): then each must be new,
   * empty or an earlier output, never a folder of other files.
   */
  protected boolean replacesOutputs() {
    return true;
  }

  /** Option name to path of everything this command reads (null for an option not given). */
  protected Map<String, String> inputs() {
    return Map.of();
  }

  /** Checks of the inputs that need the file system but not Spark (e.g. commit markers); throw to stop. */
  protected void checkInputs(Configuration hadoop) {}

  protected abstract void run(SparkSession spark);

  /** Prints the command's result on its standard output (format with {@link java.util.Locale#ROOT}) and flushes. */
  protected void say(String format, Object... args) {
    spec.commandLine().getOut().print(String.format(java.util.Locale.ROOT, format, args));
    spec.commandLine().getOut().flush();
  }
}
