package org.gaitoutcomes.cli;

import java.util.concurrent.Callable;
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

  protected abstract void run(SparkSession spark);

  /** Prints the command's result on its standard output (format with {@link java.util.Locale#ROOT}) and flushes. */
  protected void say(String format, Object... args) {
    spec.commandLine().getOut().print(String.format(java.util.Locale.ROOT, format, args));
    spec.commandLine().getOut().flush();
  }
}
