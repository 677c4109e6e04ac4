package org.gaitoutcomes.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Quiet by default: Spark and Hadoop at WARN (or ERROR for known noise), our progress at INFO. */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    if (verbose) {
      Configurator.setRootLevel(Level.INFO);
      return;
    }
    Configurator.setRootLevel(Level.WARN);
    Configurator.setLevel("gait-outcomes", Level.INFO);
    Configurator.setLevel("org.gaitoutcomes", Level.INFO);
    Configurator.setLevel("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR);
    Configurator.setLevel("org.apache.spark.util.Utils", Level.ERROR);
    Configurator.setLevel("org.apache.spark.sql.catalyst.util.SparkStringUtils", Level.ERROR);
    Configurator.setLevel("org.apache.spark.util.SizeEstimator", Level.ERROR);
    Configurator.setLevel("org.apache.hadoop.fs.FileSystem", Level.ERROR);
    // "Broadcasting large task binary" (forest models in the closure) and "regParam is zero" (plain
    // maximum likelihood is the documented default): expected, not actionable.
    Configurator.setLevel("org.apache.spark.scheduler.DAGScheduler", Level.ERROR);
    Configurator.setLevel("org.apache.spark.ml.util.Instrumentation", Level.ERROR);
  }
}
