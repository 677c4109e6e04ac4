package org.gaitoutcomes.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.gaitoutcomes.GaitException;
import org.gaitoutcomes.io.PathOverlap;
import org.gaitoutcomes.io.StagedOutput;

/**
 * The checks every command runs on its paths before it starts Spark or writes anything: no output may
 * be, contain or lie inside an input (a usage error, exit 2), see {@link PathOverlap}; inputs must be
 * finished outputs where a stage's output is expected (exit 1), see {@link StagedOutput#uncommitted}.
 */
final class IoChecks {
  private IoChecks() {}

  /**
   * A Hadoop configuration for checks made before Spark starts, built as the session's will be: the defaults
   * from the class path (core-site.xml, as spark-submit provides it), then every {@code spark.hadoop.K=V} that
   * spark-submit set ({@code --conf} and {@code spark-defaults.conf}, which reach the driver as system
   * properties), then every {@code --conf spark.hadoop.K=V} of the command itself (which wins, as in
   * {@link org.gaitoutcomes.spark.SparkSessions#getOrCreate}), each as {@code K=V}. Without spark-submit's,
   * a store configured only on the spark-submit line (an S3 endpoint and keys) would be checked with the
   * wrong settings.
   */
  static Configuration hadoop(Map<String, String> sparkConf) {
    Configuration conf = new Configuration();
    for (scala.Tuple2<String, String> e : new SparkConf(true).getAll()) {
      setHadoop(conf, e._1(), e._2());
    }
    sparkConf.forEach((k, v) -> setHadoop(conf, k, v));
    return conf;
  }

  private static void setHadoop(Configuration conf, String sparkKey, String value) {
    if (sparkKey.startsWith("spark.hadoop.")) {
      conf.set(sparkKey.substring("spark.hadoop.".length()), value);
    }
  }

  /** Fails with a usage error naming both options when an output overlaps an existing input. */
  static void requireSeparate(Configuration conf, Map<String, String> outputs, Map<String, String> inputs) {
    PathOverlap.conflict(conf, outputs, inputs).ifPresent(message -> {
      throw new PathUsageException(message);
    });
  }

  /** Fails with a usage error naming the option when an output is an existing folder that is not an earlier output. */
  static void requireReplaceable(Configuration conf, Map<String, String> outputs) {
    for (Map.Entry<String, String> o : outputs.entrySet()) {
      if (o.getValue() != null) {
        StagedOutput.notReplaceable(conf, o.getValue()).ifPresent(why -> {
          throw new PathUsageException(o.getKey() + " " + why);
        });
      }
    }
  }

  /**
   * Fails (exit 1) with one line naming the option unless {@code uri} is a finished output of
   * gait-outcomes or lies inside one (see {@link StagedOutput#uncommitted}).
   */
  static void requireCommitted(Configuration conf, String option, String uri) {
    StagedOutput.uncommitted(conf, uri, false).ifPresent(why -> {
      throw new GaitException(option + " " + why);
    });
  }

  /**
   * As {@link #requireCommitted(Configuration, String, String)}, but with {@code foreign} a table
   * outside every gait-outcomes output is accepted; without it the message names the override.
   */
  static void requireCommitted(Configuration conf, String option, String uri, boolean foreign) {
    StagedOutput.uncommitted(conf, uri, foreign).ifPresent(why -> {
      boolean outsideOutputs = StagedOutput.uncommitted(conf, uri, true).isEmpty();
      throw new GaitException(option + " " + why
          + (outsideOutputs ? "; for a table of your own that gait-outcomes did not write, pass --foreign-table" : ""));
    });
  }

  /**
   * Fails (exit 1) when a raw input (one that needs no marker: --input, --scans) lies inside the
   * staging folder of an unfinished run, which holds whatever a killed run had written so far.
   */
  static void refuseStaging(Configuration conf, Map<String, String> inputs) {
    for (Map.Entry<String, String> in : inputs.entrySet()) {
      if (in.getValue() != null) {
        StagedOutput.insideStaging(conf, in.getValue()).ifPresent(why -> {
          throw new GaitException(in.getKey() + " " + why);
        });
      }
    }
  }

  /** Option name to path pairs in the order given, null paths kept (they are skipped). */
  static Map<String, String> paths(String... namesAndPaths) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndPaths.length; i += 2) {
      m.put(namesAndPaths[i], namesAndPaths[i + 1]);
    }
    return m;
  }
}
