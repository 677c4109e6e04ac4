package org.gaitoutcomes.bench;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;

/**
 * One timed step of the pipeline. A stage reads what earlier stages wrote under the context's
 * working folder and writes its own output there; it returns how many rows it processed (for rows
 * per second). Running it again must overwrite, not append, so repetitions measure the same work.
 */
public interface BenchStage {
  String name();

  long run(SparkSession spark, Context context);

  /**
   * What a stage sees: the population size, the working folder for this size, and the resolved
   * configuration (with the benchmark's seed).
   */
  record Context(long patients, String workDir, Config config) {
    /** The folder of {@code stage}'s output for this size. */
    public String path(String stage) {
      return workDir + "/" + stage;
    }
  }
}
